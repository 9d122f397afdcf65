using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BookingHostStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_HostId_StartUtc",
                table: "BookingHosts");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "BookingHosts",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Each host row takes its booking's status (BookingHostCopies keeps it so from here on). In EXEC, so that a
            // script run as one batch compiles the UPDATE only after the column exists.
            migrationBuilder.Sql("EXEC(N'UPDATE h SET h.Status = b.Status FROM BookingHosts AS h INNER JOIN Bookings AS b ON b.Id = h.BookingId;');");

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status",
                table: "BookingHosts",
                columns: new[] { "HostId", "StartUtc", "BookingId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_HostId_StartUtc_BookingId_Status",
                table: "BookingHosts");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "BookingHosts");

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_HostId_StartUtc",
                table: "BookingHosts",
                columns: new[] { "HostId", "StartUtc" });
        }
    }
}
