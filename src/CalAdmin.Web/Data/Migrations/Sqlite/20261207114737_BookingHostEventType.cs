using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookingHostEventType : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status",
                table: "BookingHosts");

            migrationBuilder.AddColumn<int>(
                name: "EventTypeId",
                table: "BookingHosts",
                type: "INTEGER",
                nullable: true);

            // Each host row takes its booking's event type (BookingHostCopies keeps it so from here on).
            migrationBuilder.Sql("UPDATE BookingHosts SET EventTypeId = b.EventTypeId FROM Bookings AS b WHERE b.Id = BookingHosts.BookingId;");

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status_EventTypeId",
                table: "BookingHosts",
                columns: new[] { "HostId", "StartUtc", "BookingId", "Status", "EventTypeId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status_EventTypeId",
                table: "BookingHosts");

            migrationBuilder.DropColumn(
                name: "EventTypeId",
                table: "BookingHosts");

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status",
                table: "BookingHosts",
                columns: new[] { "HostId", "StartUtc", "BookingId", "Status" });
        }
    }
}
