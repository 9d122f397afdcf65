using System.Diagnostics;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Insights;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Where the time of the no-filter case goes (<c>insights … --split</c>): the page's two big reads through EF, the first
/// of them again as plain SQLite reads (no EF), and the whole <see cref="InsightsQuery.ComputeAsync"/>; process CPU p50.
/// </summary>
internal static class InsightsSplit
{
    public static async Task RunAsync(IDbContextFactory<AppDbContext> dbFactory, string database, InsightsQuery query, InsightsFilter filter, TimeZoneInfo zone, int runs)
    {
        var period = filter.PeriodIn(zone, DateTimeOffset.UtcNow);
        var (start, end, prevStart, nowUtc) = (period.StartUtc, period.EndUtc, period.Previous.StartUtc, DateTime.UtcNow);

        async Task<int> HostRowsEf()
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return (await db.BookingHosts.AsNoTracking().Where(h => h.Booking.StartUtc >= prevStart && h.Booking.StartUtc < end)
                .Select(h => new HostFact(h.BookingId, h.HostId, h.Booking.EventTypeId, h.Booking.StartUtc, h.Booking.Status,
                    h.Booking.MeetingState == MeetingState.Ended || h.Booking.EndUtc <= nowUtc,
                    h.Absent || (h.Order == 0 && h.Booking.HostAbsent), h.Booking.Attendees.Any(a => a.Absent),
                    h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt))
                .ToListAsync()).Count;
        }
        async Task<int> MadeRowsEf()
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return (await db.BookingHosts.AsNoTracking().Where(h => h.Booking.StartUtc >= prevStart && h.Booking.RescheduledFromUid == null
                    && (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) >= prevStart && (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) < end)
                .Select(h => new MadeFact(h.BookingId, h.HostId, h.Booking.EventTypeId, (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) >= start))
                .ToListAsync()).Count;
        }
        async Task<int> HostRowsSql(bool readValues, string attendeeCheck = "")
        {
            await using var connection = new SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT h.BookingId, h.HostId, b.EventTypeId, b.StartUtc, b.Status, b.MeetingState = 'Ended' OR b.EndUtc <= $now,
                  h.Absent OR (h."Order" = 0 AND b.HostAbsent), {attendeeCheck}EXISTS (SELECT 1 FROM Attendees a WHERE a.BookingId = b.Id AND a.Absent),
                  COALESCE(b.CalComCreatedAt, b.CreatedAt)
                FROM BookingHosts h JOIN Bookings b ON h.BookingId = b.Id WHERE b.StartUtc >= $from AND b.StartUtc < $to
                """;
            command.Parameters.AddWithValue("$now", nowUtc);
            command.Parameters.AddWithValue("$from", prevStart);
            command.Parameters.AddWithValue("$to", end);
            await using var reader = await command.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync())
            {
                n++;
                if (readValues) { reader.GetInt32(0); reader.GetInt32(1); reader.GetDateTime(3); reader.GetString(4); reader.GetBoolean(5); reader.GetDateTime(8); }
            }
            return n;
        }

        // Lower bounds of a SQL GROUP BY design: only the SQL, only a few hundred rows back.
        async Task<int> Grouped(string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$now", nowUtc);
            command.Parameters.AddWithValue("$from", prevStart);
            command.Parameters.AddWithValue("$start", start);
            command.Parameters.AddWithValue("$to", end);
            await using var reader = await command.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync()) n++;
            return n;
        }
        const string cardsByHour = """
            SELECT substr(b.StartUtc, 1, 13), b.Status, b.MeetingState = 'Ended' OR b.EndUtc <= $now, b.HostAbsent,
              b.Status = 'Accepted' AND EXISTS (SELECT 1 FROM Attendees a WHERE a.BookingId = b.Id AND a.Absent), count(*)
            FROM Bookings b WHERE b.StartUtc >= $from AND b.StartUtc < $to GROUP BY 1, 2, 3, 4, 5
            """;
        const string cardsNoAttendees = """
            SELECT b.StartUtc >= $start, b.Status, b.MeetingState = 'Ended' OR b.EndUtc <= $now, b.HostAbsent, count(*)
            FROM Bookings b WHERE b.StartUtc >= $from AND b.StartUtc < $to GROUP BY 1, 2, 3, 4
            """;
        const string hostsNoJoin = "SELECT h.HostId, count(*) FROM BookingHosts h WHERE h.StartUtc >= $from AND h.StartUtc < $to GROUP BY 1";
        const string hostsByStatus = """
            SELECT h.HostId, b.Status, count(*) FROM BookingHosts h JOIN Bookings b ON b.Id = h.BookingId
            WHERE b.StartUtc >= $start AND b.StartUtc < $to GROUP BY 1, 2
            """;

        Console.WriteLine("Where the time of \"no filter, by host\" goes (process CPU, p50 of the runs):");
        foreach (var (name, step) in new (string, Func<Task<int>>)[]
        {
            ("period's host rows, SQLite only (step through)", () => HostRowsSql(false)),
            ("period's host rows, SQLite + reading values", () => HostRowsSql(true)),
            ("  the same, attendee check for accepted only", () => HostRowsSql(true, "b.Status = 'Accepted' AND ")),
            ("period's host rows through EF (HostFact)", HostRowsEf),
            ("created rows through EF (MadeFact)", MadeRowsEf),
            ("SQL GROUP BY: cards per UTC hour (no host join)", () => Grouped(cardsByHour)),
            ("SQL GROUP BY: cards per period, no attendee check", () => Grouped(cardsNoAttendees)),
            ("SQL GROUP BY: host rows per host, no join", () => Grouped(hostsNoJoin)),
            ("SQL GROUP BY: per host and status (join)", () => Grouped(hostsByStatus)),
            ("whole ComputeAsync", async () => (await query.ComputeAsync(filter)).Current.Booked),
        })
        {
            await step();
            var cpu = new List<double>();
            var rows = 0;
            for (var i = 0; i < runs; i++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                rows = await step();
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
            }
            Console.WriteLine($"  {name,-50} {rows,9:N0} rows  cpu {Measure.Summary(cpu)}");
        }
    }
}
