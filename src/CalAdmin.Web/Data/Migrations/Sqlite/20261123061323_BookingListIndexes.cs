using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
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

            // Attendee search by any part of a name or email: an FTS5 trigram index over Attendees, kept in step by
            // triggers (it is not part of the EF model; BookingList queries it on SQLite, SQL Server uses LIKE).
            migrationBuilder.Sql(AttendeeSearchSql.CreatePerAttendeeSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AttendeeSearchSql.DropSql);

            migrationBuilder.DropIndex(
                name: "IX_Bookings_EventTypeId_Status_StartUtc",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_Id_Status_StartUtc",
                table: "Bookings");
        }
    }
}
