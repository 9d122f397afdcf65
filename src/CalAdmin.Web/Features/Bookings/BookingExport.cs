using System.Globalization;
using System.Security.Claims;
using System.Text;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary><c>GET /exports/bookings.csv</c>: exactly the list's current view, streamed row by row, and audited.</summary>
public static class BookingExport
{
    public const string Route = "/exports/bookings.csv";

    public static string UrlFor(BookingQuery query) => Route + "?" + query.ToQueryString();

    public static IEndpointRouteBuilder MapBookingExports(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Export).RequireAuthorization().WithName("ExportBookings");
        return app;
    }

    private static PushStreamHttpResult Export(HttpRequest request, ClaimsPrincipal user, BookingList list, ViewerTimeZone viewer,
        IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
    {
        var query = BookingQuery.Parse(request.QueryString.Value);
        viewer.Set(query.TimeZone);
        var today = BookingTime.LocalDay(clock.GetUtcNow().UtcDateTime, viewer.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ct = request.HttpContext.RequestAborted;
        return ExportAudit.Csv(dbFactory, user, clock, "bookings.csv", query.ToQueryString(), $"bookings-{today}.csv",
            (writer, written) => WriteAsync(writer, list.StreamAsync(query, ct), ct, written));
    }

    public static readonly string[] Header = ["uid", "status", "start_utc", "end_utc", "title", "event_type", "hosts", "attendees", "notes"];

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<BookingRow> rows, CancellationToken ct, RowCount? written = null)
    {
        await writer.WriteAsync(Line(Header));
        written ??= new RowCount();
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line([
                row.Uid,
                row.Status.ToString(),
                Iso(row.StartUtc),
                Iso(row.EndUtc),
                row.Title,
                row.EventTypeTitle ?? "",
                string.Join("; ", row.Hosts.Select(h => h.Mapped ? h.Name : $"{h.Name} (unmapped)")),
                string.Join("; ", row.Attendees.Select(a => $"{a.Name} <{a.Email}>")),
                // Internal notes, oldest first, each with who wrote it; the cell keeps the text as typed.
                string.Join("\n", (row.Notes ?? []).Select(n => $"{n.Text} ({n.Author}, {Iso(n.CreatedAt)})")),
            ]));
            written.Rows = ++count;
            // Let the client see bytes early, without a flush per row.
            if (count % 500 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Line(IEnumerable<string> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    /// <summary>One RFC 4180 cell, safe to open in a spreadsheet in any locale (<see cref="CalAdmin.Web.Features.Staff.Csv.Cell"/>).</summary>
    public static string Cell(string value) => CalAdmin.Web.Features.Staff.Csv.Cell(value);
}
