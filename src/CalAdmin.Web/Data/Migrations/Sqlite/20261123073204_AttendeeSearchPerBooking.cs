using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttendeeSearchPerBooking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The attendee search index, one row per booking instead of one per attendee (no model change: the FTS
            // table and its triggers are SQLite's own; SQL Server searches with LIKE).
            migrationBuilder.Sql(AttendeeSearchSql.DropSql);
            migrationBuilder.Sql(AttendeeSearchSql.CreatePerBookingSql);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AttendeeSearchSql.DropSql);
            migrationBuilder.Sql(AttendeeSearchSql.CreatePerAttendeeSql);

        }
    }
}
