using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttendeeSearchByStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The attendee search index keyed by each booking's start (then id) instead of its id, so a search's page is
            // read in the list's order (no model change: the FTS table and its triggers are SQLite's own).
            migrationBuilder.Sql(AttendeeSearchSql.DropSql);
            migrationBuilder.Sql(AttendeeSearchSql.CreateByStartSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AttendeeSearchSql.DropByStartSql);
            migrationBuilder.Sql(AttendeeSearchSql.CreatePerBookingSql);
        }
    }
}
