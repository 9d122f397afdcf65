using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WebhookInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HostAbsent",
                table: "Bookings",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastEventAt",
                table: "Bookings",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MeetingState",
                table: "Bookings",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "MeetingStateAt",
                table: "Bookings",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NoShowUpdatedAt",
                table: "Bookings",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Reassignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BookingId = table.Column<int>(type: "int", nullable: false),
                    FromHostId = table.Column<int>(type: "int", nullable: true),
                    ToHostId = table.Column<int>(type: "int", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Source = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ByUser = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reassignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reassignments_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reassignments_Hosts_FromHostId",
                        column: x => x.FromHostId,
                        principalTable: "Hosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Reassignments_Hosts_ToHostId",
                        column: x => x.ToHostId,
                        principalTable: "Hosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BookingUid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CalComCreatedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WebhookVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    DedupKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RawBody = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DuplicateCount = table.Column<int>(type: "int", nullable: false),
                    LastDuplicateAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookRejections",
                columns: table => new
                {
                    Hour = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookRejections", x => new { x.Hour, x.Reason });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reassignments_At",
                table: "Reassignments",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Reassignments_BookingId_At",
                table: "Reassignments",
                columns: new[] { "BookingId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Reassignments_FromHostId",
                table: "Reassignments",
                column: "FromHostId");

            migrationBuilder.CreateIndex(
                name: "IX_Reassignments_ToHostId",
                table: "Reassignments",
                column: "ToHostId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_BookingUid_CalComCreatedAt",
                table: "WebhookDeliveries",
                columns: new[] { "BookingUid", "CalComCreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_DedupKey",
                table: "WebhookDeliveries",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_Outcome_Id",
                table: "WebhookDeliveries",
                columns: new[] { "Outcome", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ReceivedAt",
                table: "WebhookDeliveries",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Reassignments");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "WebhookRejections");

            migrationBuilder.DropColumn(
                name: "HostAbsent",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "LastEventAt",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "MeetingState",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "MeetingStateAt",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "NoShowUpdatedAt",
                table: "Bookings");
        }
    }
}
