using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Calendar;

/// <summary>What one calendar cell needs of a booking, and nothing more.</summary>
public sealed record CalendarItem(
    string Uid,
    string Title,
    DateTime StartUtc,
    DateTime EndUtc,
    BookingStatus Status,
    int ColorKey,
    string? EventTypeTitle,
    string? AttendeeName,
    IReadOnlyList<int> HostIds,
    bool HasNotes = false);

public sealed record CalendarData(IReadOnlyList<CalendarItem> Items, IReadOnlyDictionary<int, HostLabel> Hosts);

/// <summary>The live bookings of a calendar range: one range seek on Bookings (StartUtc), then hosts and first attendees by booking.</summary>
public sealed class CalendarQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>How far before the range a booking may start and still reach into it (longer ones are not drawn on later days).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    public async Task<CalendarData> LoadAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seekFrom = fromUtc - LookBack;
        var range = db.Bookings.AsNoTracking()
            .Where(b => b.StartUtc >= seekFrom && b.StartUtc < toUtc && b.EndUtc > fromUtc && BookingStatusGroups.Live.Contains(b.Status));

        var bookings = await range
            .Select(b => new
            {
                b.Id, b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status, b.CalComEventTypeId, b.EventTypeId,
                EventTypeCalComId = b.EventType != null ? (int?)b.EventType.CalComId : null,
                EventTypeTitle = b.EventType != null ? b.EventType.Title : b.CalComEventTypeTitle,
            })
            .ToListAsync(ct);
        if (bookings.Count == 0) return new CalendarData([], await HostLabels.LoadAsync(db, ct));

        var hosts = (await (from h in db.BookingHosts
                            join b in range on h.BookingId equals b.Id
                            select new { h.BookingId, h.HostId, h.Order }).ToListAsync(ct))
            .ToLookup(h => h.BookingId);
        var attendees = (await (from a in db.Attendees
                                join b in range on a.BookingId equals b.Id
                                select new { a.BookingId, a.Id, a.Name }).ToListAsync(ct))
            .ToLookup(a => a.BookingId);
        var withNotes = (await (from n in db.BookingNotes
                                join b in range on n.BookingId equals b.Id
                                select n.BookingId).Distinct().ToListAsync(ct)).ToHashSet();

        var items = bookings.Select(b => new CalendarItem(b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status,
                b.EventTypeCalComId ?? b.CalComEventTypeId ?? 0, b.EventTypeTitle,
                attendees[b.Id].MinBy(a => a.Id)?.Name,
                hosts[b.Id].OrderBy(h => h.Order).Select(h => h.HostId).ToArray(), withNotes.Contains(b.Id)))
            .ToList();
        return new CalendarData(items, await HostLabels.LoadAsync(db, ct));
    }
}

/// <summary>A fixed palette indexed by Cal.com's event type id, so an event type keeps its colour on every page and day.</summary>
public static class EventTypePalette
{
    private static readonly string[] Colors =
    [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#3b5b92", "#bcbd22", "#7f7f7f", "#006d5b",
    ];

    public static string ColorFor(int eventTypeKey) => Colors[(int)((uint)eventTypeKey % (uint)Colors.Length)];

    /// <summary>
    /// Black or white, whichever contrasts more with the background (WCAG 2.1 relative luminance): one of the two always
    /// reaches 4.5:1, so booking text stays readable on any event-type colour.
    /// </summary>
    public static string TextFor(string background)
    {
        var luminance = RelativeLuminance(background);
        return ContrastRatio(luminance, 0) >= ContrastRatio(luminance, 1) ? "#000000" : "#ffffff";
    }

    /// <summary>The WCAG 2.1 relative luminance of a #rrggbb colour (0 black, 1 white).</summary>
    public static double RelativeLuminance(string hex)
    {
        if (hex.Length != 7 || hex[0] != '#') throw new FormatException($"'{hex}' is not a #rrggbb colour.");
        static double Channel(string hex, int at)
        {
            var c = Convert.ToInt32(hex.Substring(at, 2), 16) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);
    }

    public static double ContrastRatio(double luminance, double other) =>
        (Math.Max(luminance, other) + 0.05) / (Math.Min(luminance, other) + 0.05);
}
