using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BookingListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Bookings_EventTypeId_Status_StartUtc",
                table: "Bookings",
                columns: new[] { "EventTypeId", "Status", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Id_Status_StartUtc",
                table: "Bookings",
                columns: new[] { "Id", "Status", "StartUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookings_EventTypeId_Status_StartUtc",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_Id_Status_StartUtc",
                table: "Bookings");
        }
    }
}
