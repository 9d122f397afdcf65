using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ManagedChildEventTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ManagedChildEventTypes",
                columns: table => new
                {
                    CalComId = table.Column<int>(type: "int", nullable: false),
                    EventTypeId = table.Column<int>(type: "int", nullable: false),
                    OwnerCalComUserId = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedChildEventTypes", x => x.CalComId);
                    table.ForeignKey(
                        name: "FK_ManagedChildEventTypes_EventTypes_EventTypeId",
                        column: x => x.EventTypeId,
                        principalTable: "EventTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ManagedChildEventTypes_EventTypeId",
                table: "ManagedChildEventTypes",
                column: "EventTypeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ManagedChildEventTypes");
        }
    }
}
