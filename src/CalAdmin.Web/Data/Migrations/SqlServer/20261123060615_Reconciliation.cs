using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReconcileRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Trigger = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Succeeded = table.Column<bool>(type: "bit", nullable: false),
                    Watermark = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WatermarkBasis = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    NextWatermark = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Pages = table.Column<int>(type: "int", nullable: false),
                    Seen = table.Column<int>(type: "int", nullable: false),
                    Fixed = table.Column<int>(type: "int", nullable: false),
                    Added = table.Column<int>(type: "int", nullable: false),
                    ReassignmentsFound = table.Column<int>(type: "int", nullable: false),
                    RequestsMade = table.Column<int>(type: "int", nullable: false),
                    Error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconcileRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReconcileFixes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RunId = table.Column<int>(type: "int", nullable: false),
                    BookingUid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Added = table.Column<bool>(type: "bit", nullable: false),
                    Changes = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconcileFixes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReconcileFixes_ReconcileRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ReconcileRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReconcileFixes_RunId",
                table: "ReconcileFixes",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_ReconcileRuns_Succeeded_Id",
                table: "ReconcileRuns",
                columns: new[] { "Succeeded", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReconcileFixes");

            migrationBuilder.DropTable(
                name: "ReconcileRuns");
        }
    }
}
