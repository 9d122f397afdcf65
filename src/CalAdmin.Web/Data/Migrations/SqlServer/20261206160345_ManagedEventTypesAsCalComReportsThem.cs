using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ManagedEventTypesAsCalComReportsThem : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Weight",
                table: "EventTypeHosts");

            migrationBuilder.AddColumn<string>(
                name: "CalComEventTypeTitle",
                table: "Bookings",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CalComEventTypeTitle",
                table: "Bookings");

            migrationBuilder.AddColumn<int>(
                name: "Weight",
                table: "EventTypeHosts",
                type: "int",
                nullable: true);
        }
    }
}
