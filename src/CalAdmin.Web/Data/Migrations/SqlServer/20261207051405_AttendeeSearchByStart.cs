using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AttendeeSearchByStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQL Server: the attendee search index this migration rebuilds on SQLite is SQLite's own (FTS5);
            // SQL Server searches attendees with LIKE. Kept so both providers' migration lists stay in step.

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
