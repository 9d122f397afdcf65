using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InsightsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attendees_BookingId",
                table: "Attendees");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Insights",
                table: "Bookings",
                columns: new[] { "StartUtc", "Status", "EventTypeId", "MeetingState", "EndUtc", "HostAbsent", "CalComCreatedAt", "CreatedAt", "RescheduledFromUid" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_Insights",
                table: "BookingHosts",
                columns: new[] { "BookingId", "HostId", "Order", "Absent" });

            migrationBuilder.CreateIndex(
                name: "IX_Attendees_BookingId_Absent",
                table: "Attendees",
                columns: new[] { "BookingId", "Absent" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookings_Insights",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_Insights",
                table: "BookingHosts");

            migrationBuilder.DropIndex(
                name: "IX_Attendees_BookingId_Absent",
                table: "Attendees");

            migrationBuilder.CreateIndex(
                name: "IX_Attendees_BookingId",
                table: "Attendees",
                column: "BookingId");
        }
    }
}
