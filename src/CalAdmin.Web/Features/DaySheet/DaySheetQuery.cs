using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Notes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.DaySheet;

public sealed record DaySheetAttendee(string Name, string Email, string? Phone);

/// <summary>One booking as the day sheet prints it.</summary>
public sealed record DaySheetLine(
    int BookingId,
    string Uid,
    DateTime StartUtc,
    DateTime EndUtc,
    BookingStatus Status,
    string Title,
    string? EventType,
    string? Location,
    Uri? MeetingLink,
    IReadOnlyList<DaySheetAttendee> Attendees,
    IReadOnlyList<ResponseLine> Responses,
    IReadOnlyList<NoteLine> Notes);

/// <summary>One host's page of the sheet: their bookings of the day in order.</summary>
public sealed record DaySheetHost(HostLabel Host, IReadOnlyList<DaySheetLine> Lines);

public sealed record DaySheetResult(DateOnly Day, TimeZoneInfo Zone, IReadOnlyList<DaySheetHost> Hosts);

/// <summary>
/// The day sheet: a day's live bookings (accepted, pending, awaiting payment) in <c>zone</c>, per host, in start order.
/// A booking with several hosts is on each host's page. With a host given, only that host (even on an empty day).
/// </summary>
public sealed class DaySheetQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<DaySheetResult> LoadAsync(DateOnly day, int? hostId, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var start = BookingTime.StartOfDayUtc(day, zone);
        var end = BookingTime.StartOfDayUtc(day.AddDays(1), zone);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        var hostRows = db.BookingHosts.AsNoTracking()
            .Where(h => h.StartUtc >= start && h.StartUtc < end && BookingStatusGroups.Live.Contains(h.Booking.Status));
        if (hostId is { } only) hostRows = hostRows.Where(h => h.HostId == only);
        var pairs = await hostRows.Select(h => new { h.HostId, h.BookingId }).ToListAsync(ct);

        var ids = pairs.Select(p => p.BookingId).Distinct().ToList();
        var bookings = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id))
            .Select(b => new
            {
                b.Id, b.Uid, b.StartUtc, b.EndUtc, b.Status, b.Title, b.Location, b.MeetingUrl, b.ResponsesJson,
                EventType = b.EventType != null ? b.EventType.Title : b.CalComEventTypeTitle,
            })
            .ToListAsync(ct);
        var attendees = (await db.Attendees.AsNoTracking().Where(a => ids.Contains(a.BookingId)).OrderBy(a => a.Id)
                .Select(a => new { a.BookingId, a.Name, a.Email, a.PhoneNumber }).ToListAsync(ct))
            .ToLookup(a => a.BookingId, a => new DaySheetAttendee(a.Name, a.Email, a.PhoneNumber));
        var notesOf = await BookingNotes.ForBookingsAsync(db, ids, ct);

        var lines = bookings.ToDictionary(b => b.Id, b => new DaySheetLine(
            b.Id, b.Uid, b.StartUtc, b.EndUtc, b.Status, b.Title, b.EventType,
            BookingDetails.SafeLink(b.Location) is null ? b.Location : null,
            BookingDetails.SafeLink(b.MeetingUrl) ?? BookingDetails.SafeLink(b.Location),
            attendees[b.Id].ToList(), BookingResponses.Parse(b.ResponsesJson), notesOf[b.Id].ToList()));

        var hosts = pairs.GroupBy(p => p.HostId)
            .Select(g => new DaySheetHost(labels.For(g.Key),
                g.Select(p => lines[p.BookingId]).OrderBy(l => l.StartUtc).ThenBy(l => l.BookingId).ToList()))
            .ToList();
        if (hostId is { } wanted && hosts.Count == 0) hosts.Add(new DaySheetHost(labels.For(wanted), []));
        hosts = hosts.OrderBy(h => h.Host.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(h => h.Host.HostId).ToList();
        return new DaySheetResult(day, zone, hosts);
    }
}
