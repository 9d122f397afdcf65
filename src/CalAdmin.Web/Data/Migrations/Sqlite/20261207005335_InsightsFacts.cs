using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CalAdmin.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InsightsFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookings_Insights",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_BookingHosts_Insights",
                table: "BookingHosts");

            migrationBuilder.CreateTable(
                name: "InsightsDays",
                columns: table => new
                {
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightsDays", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "InsightsFacts",
                columns: table => new
                {
                    BookingId = table.Column<int>(type: "INTEGER", nullable: false),
                    HostId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventTypeId = table.Column<int>(type: "INTEGER", nullable: true),
                    StartUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    EndUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingEnded = table.Column<bool>(type: "INTEGER", nullable: false),
                    HostAbsent = table.Column<bool>(type: "INTEGER", nullable: false),
                    AttendeeAbsent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rebooked = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightsFacts", x => new { x.BookingId, x.HostId });
                    table.ForeignKey(
                        name: "FK_InsightsFacts_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InsightsFacts_Created",
                table: "InsightsFacts",
                columns: new[] { "CreatedUtc", "StartUtc", "Rebooked", "BookingId", "HostId", "EventTypeId" });

            migrationBuilder.CreateIndex(
                name: "IX_InsightsFacts_Start",
                table: "InsightsFacts",
                columns: new[] { "StartUtc", "BookingId", "HostId", "EventTypeId", "EndUtc", "CreatedUtc", "Status", "MeetingEnded", "HostAbsent", "AttendeeAbsent", "Rebooked" });

            // The facts of the bookings already mirrored (as InsightsFactsUpkeep writes them: instants as whole Unix seconds,
            // the status as BookingStatus's number), and a first version of each of their days.
            migrationBuilder.Sql("""
                INSERT INTO "InsightsFacts" ("BookingId", "HostId", "EventTypeId", "StartUtc", "EndUtc", "CreatedUtc", "Status", "MeetingEnded", "HostAbsent", "AttendeeAbsent", "Rebooked")
                SELECT h."BookingId", h."HostId", b."EventTypeId",
                    CAST(strftime('%s', b."StartUtc") AS INTEGER), CAST(strftime('%s', b."EndUtc") AS INTEGER),
                    CAST(strftime('%s', COALESCE(b."CalComCreatedAt", b."CreatedAt")) AS INTEGER),
                    CASE b."Status" WHEN 'Accepted' THEN 0 WHEN 'Pending' THEN 1 WHEN 'Cancelled' THEN 2 WHEN 'Rejected' THEN 3
                        WHEN 'Rescheduled' THEN 4 WHEN 'AwaitingPayment' THEN 5 ELSE -1 END,
                    b."MeetingState" = 'Ended',
                    h."Absent" OR (h."Order" = 0 AND b."HostAbsent"),
                    EXISTS (SELECT 1 FROM "Attendees" a WHERE a."BookingId" = b."Id" AND a."Absent"),
                    b."RescheduledFromUid" IS NOT NULL
                FROM "BookingHosts" h JOIN "Bookings" b ON b."Id" = h."BookingId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "InsightsDays" ("Day", "Version")
                SELECT DISTINCT "StartUtc" / 86400, 1 FROM "InsightsFacts";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InsightsDays");

            migrationBuilder.DropTable(
                name: "InsightsFacts");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Insights",
                table: "Bookings",
                columns: new[] { "StartUtc", "Status", "EventTypeId", "MeetingState", "EndUtc", "HostAbsent", "CalComCreatedAt", "CreatedAt", "RescheduledFromUid" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingHosts_Insights",
                table: "BookingHosts",
                columns: new[] { "BookingId", "HostId", "Order", "Absent" });
        }
    }
}
