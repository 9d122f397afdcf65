using System;
using CalAdmin.Web.Features.Bookings.Notes;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookingNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BookingNotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BookingId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BookingNotes_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Attendees_PhoneNumber",
                table: "Attendees",
                column: "PhoneNumber");

            migrationBuilder.CreateIndex(
                name: "IX_BookingNotes_BookingId_CreatedAt",
                table: "BookingNotes",
                columns: new[] { "BookingId", "CreatedAt" });

            // The notes' full-text index (NoteSearch).
            migrationBuilder.Sql(NoteSearch.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(NoteSearch.DropSql);

            migrationBuilder.DropTable(
                name: "BookingNotes");

            migrationBuilder.DropIndex(
                name: "IX_Attendees_PhoneNumber",
                table: "Attendees");
        }
    }
}
