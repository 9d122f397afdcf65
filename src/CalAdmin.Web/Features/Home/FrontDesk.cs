using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Outcomes;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Home;

/// <summary>A booking as the front desk's lists show it.</summary>
public sealed record DeskBooking(string Uid, string Title, DateTime StartUtc, DateTime EndUtc, BookingStatus Status,
    IReadOnlyList<string> Attendees, IReadOnlyList<HostLabel> Hosts);

/// <summary>
/// A list of the home page, its first rows and how many there are in all: counted up to the bookings list's cap, beyond
/// which <see cref="Total"/> stops there and <see cref="MoreThanTotal"/> says so, as the list does.
/// </summary>
public sealed record DeskList(IReadOnlyList<DeskBooking> Rows, int Total, bool MoreThanTotal = false)
{
    /// <summary>"12", or "more than 10,000".</summary>
    public string Count => MoreThanTotal ? $"more than {Total:N0}" : Total.ToString("N0");

    /// <summary>" (12)", " (more than 10,000)", or nothing when there are none: after a heading.</summary>
    public string CountText => Total == 0 ? "" : $" ({Count})";

    /// <summary>How many of <paramref name="bookings"/> there are, up to the cap.</summary>
    public static async Task<DeskList> CountedAsync(IReadOnlyList<DeskBooking> rows, IQueryable<Booking> bookings, CancellationToken ct)
    {
        var (total, moreThan) = BookingList.Capped(await bookings.Take(BookingList.CountCap + 1).CountAsync(ct));
        return new DeskList(rows, total, moreThan);
    }
}

/// <summary>
/// Today for office staff: the day's live bookings (those not over yet first, next one on top, then those over),
/// bookings waiting for a confirmation and past bookings without an outcome.
/// </summary>
/// <param name="Next">Today's bookings not over yet, the next one first (at most <see cref="FrontDesk.DaySize"/>).</param>
/// <param name="Earlier">Today's bookings that are over, in order of start (the last <see cref="FrontDesk.DaySize"/>).</param>
/// <param name="DayLink">The bookings list of today in the viewer's zone, where a day of more rows is complete.</param>
public sealed record FrontDeskResult(DeskList Next, DeskList Earlier, DeskList Unconfirmed, DeskList NeedOutcome, string DayLink);

/// <summary>What an admin should fix: hosts without staff holding upcoming bookings, failed deliveries, a failed sync.</summary>
public sealed record AdminFixesResult(int UnmappedHostsWithUpcoming, int UpcomingOfUnmapped, int FailedDeliveries, DateTime? FailedSyncAt, string? FailedSyncError)
{
    public bool Nothing => UnmappedHostsWithUpcoming == 0 && FailedDeliveries == 0 && FailedSyncAt is null;
}

/// <summary>The home page's lists to act from, each one query over the mirror; "today" is in the viewer's zone.</summary>
public sealed class FrontDesk(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many rows the unconfirmed and needs-an-outcome lists show (the rest are a link away).</summary>
    public const int ListSize = 10;

    /// <summary>
    /// How many of today's bookings each part of the day shows: a business with many teams has more than a thousand a
    /// day, which the home page would neither read nor draw fast; the rest are a link away.
    /// </summary>
    public const int DaySize = 50;

    public async Task<FrontDeskResult> LoadAsync(TimeZoneInfo zone, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = BookingTime.LocalDay(now, zone);
        var (dayStart, dayEnd) = (BookingTime.StartOfDayUtc(today, zone), BookingTime.StartOfDayUtc(today.AddDays(1), zone));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        var live = db.Bookings.AsNoTracking().Where(b => BookingStatusGroups.Live.Contains(b.Status));
        var day = live.Where(b => b.StartUtc >= dayStart && b.StartUtc < dayEnd);
        var coming = day.Where(b => b.EndUtc > now);
        var next = await DeskList.CountedAsync(await RowsAsync(db, labels, coming.OrderBy(b => b.StartUtc).ThenBy(b => b.Id), DaySize, ct), coming, ct);
        var over = day.Where(b => b.EndUtc <= now);
        var lastOver = await RowsAsync(db, labels, over.OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id), DaySize, ct);
        lastOver.Reverse();
        var earlier = await DeskList.CountedAsync(lastOver, over, ct);

        var pending = db.Bookings.AsNoTracking().Where(b => b.Status == BookingStatus.Pending && b.StartUtc >= now);
        var unconfirmed = await DeskList.CountedAsync(await RowsAsync(db, labels, pending.OrderBy(b => b.StartUtc).ThenBy(b => b.Id), ListSize, ct), pending, ct);

        var open = BookingOutcomes.NeedingOutcome(db.Bookings.AsNoTracking(), now);
        var needOutcome = await DeskList.CountedAsync(await RowsAsync(db, labels, open.OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id), ListSize, ct), open, ct);

        var dayLink = "/bookings?" + new BookingQuery { Tab = BookingTab.All, From = today, To = today, TimeZone = zone.Id }.ToQueryString(includeTimeZone: true);
        return new FrontDeskResult(next, earlier, unconfirmed, needOutcome, dayLink);
    }

    /// <summary>
    /// Each Cal.com host without a staff member that holds live bookings from <paramref name="nowUtc"/> on, and how many
    /// (host rows carry their booking's start and status: BookingHosts' host index alone).
    /// </summary>
    internal static IQueryable<HostUpcoming> UpcomingOfUnmappedHosts(AppDbContext db, DateTime nowUtc) => db.BookingHosts
        .Where(h => h.StartUtc >= nowUtc && BookingStatusGroups.Live.Contains(h.Status)
            && !db.StaffMappings.Any(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.Host.CalComUserId.ToString()))
        .GroupBy(h => h.HostId)
        .Select(g => new HostUpcoming(g.Key, g.Count()));

    internal sealed record HostUpcoming(int HostId, int Count);

    public async Task<AdminFixesResult> LoadFixesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var upcoming = await UpcomingOfUnmappedHosts(db, now).Select(h => h.Count).ToListAsync(ct);
        var failed = await db.WebhookDeliveries.CountAsync(d => d.Outcome == DeliveryOutcome.Failed, ct);
        var lastSync = await db.SyncRuns.Where(r => r.FinishedAt != null).OrderByDescending(r => r.FinishedAt)
            .Select(r => new { r.FinishedAt, r.Succeeded, r.Error }).FirstOrDefaultAsync(ct);
        var syncFailed = lastSync is { Succeeded: false };
        return new AdminFixesResult(upcoming.Count, upcoming.Sum(), failed, syncFailed ? lastSync!.FinishedAt : null, syncFailed ? lastSync!.Error : null);
    }

    private static async Task<List<DeskBooking>> RowsAsync(AppDbContext db, IReadOnlyDictionary<int, HostLabel> labels, IQueryable<Booking> ordered, int take, CancellationToken ct)
    {
        var heads = await ordered.Take(take)
            .Select(b => new { b.Id, b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status }).ToListAsync(ct);
        if (heads.Count == 0) return [];
        var ids = heads.Select(h => h.Id).ToList();
        var attendees = (await db.Attendees.AsNoTracking().Where(a => ids.Contains(a.BookingId)).OrderBy(a => a.Id)
            .Select(a => new { a.BookingId, a.Name }).ToListAsync(ct)).ToLookup(a => a.BookingId, a => a.Name);
        var hosts = (await db.BookingHosts.AsNoTracking().Where(h => ids.Contains(h.BookingId)).OrderBy(h => h.Order)
            .Select(h => new { h.BookingId, h.HostId }).ToListAsync(ct)).ToLookup(h => h.BookingId, h => labels.For(h.HostId));
        return heads.Select(h => new DeskBooking(h.Uid, h.Title, h.StartUtc, h.EndUtc, h.Status, attendees[h.Id].ToList(), hosts[h.Id].ToList())).ToList();
    }
}
