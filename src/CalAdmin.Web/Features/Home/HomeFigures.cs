using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Home;

public sealed record HomeFiguresResult(
    int BookingsToday,
    int BookingsThisWeek,
    int ActiveHosts,
    int HostsWithoutStaff,
    int TotalBookings,
    DateTime? LastSyncAt,
    bool? LastSyncSucceeded,
    string? LastSyncError,
    string TimeZone);

/// <summary>A host and a count, as the manager's overview lists them.</summary>
public sealed record HostCount(HostLabel Host, int Count);

public sealed record ManagerFiguresResult(
    int ReassignmentsThisWeek,
    IReadOnlyList<HostCount> MostReassignedAway,
    IReadOnlyList<HostCount> UnmappedWithUpcoming,
    string TimeZone);

/// <summary>The figures on the home page, each one query over the mirror; "today" and "this week" are in the business's time zone.</summary>
public sealed class HomeFigures(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock)
{
    // Shared by every page (of any user: the figures are the business's) that refreshes on the same change.
    private static readonly SharedRefresh<HomeFiguresResult> SharedFigures = new();
    private static readonly SharedRefresh<ManagerFiguresResult> SharedManagerFigures = new();

    /// <summary>The figures again after <paramref name="change"/>, loaded once for all the pages that heard it.</summary>
    public Task<HomeFiguresResult> RefreshAsync(ChangeNotice change) => SharedFigures.LoadAsync(change, () => LoadAsync());

    /// <summary>The manager's figures again after <paramref name="change"/>, loaded once for all the pages that heard it.</summary>
    public Task<ManagerFiguresResult> RefreshManagerAsync(ChangeNotice change) => SharedManagerFigures.LoadAsync(change, () => LoadManagerAsync());

    public async Task<HomeFiguresResult> LoadAsync(CancellationToken ct = default)
    {
        var zone = options.Value.TimeZoneInfo;
        var (dayStart, dayEnd, weekStart, weekEnd) = Ranges(clock.GetUtcNow(), zone);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = db.Bookings.Where(b => BookingStatusGroups.Live.Contains(b.Status));
        var today = await live.CountAsync(b => b.StartUtc >= dayStart && b.StartUtc < dayEnd, ct);
        var week = await live.CountAsync(b => b.StartUtc >= weekStart && b.StartUtc < weekEnd, ct);
        var total = await db.Bookings.CountAsync(ct);
        var activeHosts = await db.Hosts.CountAsync(h => h.Active, ct);
        var unmapped = await db.Hosts.CountAsync(h => h.Active && !db.StaffMappings.Any(m =>
            m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString()), ct);
        var lastSync = await db.SyncRuns.Where(r => r.FinishedAt != null).OrderByDescending(r => r.FinishedAt)
            .Select(r => new { r.FinishedAt, r.Succeeded, r.Error }).FirstOrDefaultAsync(ct);

        return new HomeFiguresResult(today, week, activeHosts, unmapped, total, lastSync?.FinishedAt, lastSync?.Succeeded, lastSync?.Error, zone.Id);
    }

    /// <summary>How many hosts the "reassigned away from most" list shows.</summary>
    public const int TopHosts = 5;
    /// <summary>The days the "reassigned away from most" list looks back over (today included), as the fairness report's default period.</summary>
    public const int AwayDays = 30;

    /// <summary>
    /// The managers' figures: reassignments this week (Monday to Sunday in the business's zone), the hosts most reassigned
    /// away from in the last <see cref="AwayDays"/> days, and hosts with upcoming live bookings but no staff member.
    /// </summary>
    public async Task<ManagerFiguresResult> LoadManagerAsync(CancellationToken ct = default)
    {
        var zone = options.Value.TimeZoneInfo;
        var now = clock.GetUtcNow();
        var (_, _, weekStart, weekEnd) = Ranges(now, zone);
        var period = FairnessPeriod.LastDays(now, zone, AwayDays);
        var (awayStart, awayEnd) = (period.StartUtc, period.EndUtc);
        var nowUtc = now.UtcDateTime;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        var thisWeek = await db.Reassignments.CountAsync(r => r.At >= weekStart && r.At < weekEnd, ct);
        var away = await db.Reassignments
            .Where(r => r.At >= awayStart && r.At < awayEnd && r.FromHostId != null)
            .GroupBy(r => r.FromHostId!.Value)
            .Select(g => new { HostId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var upcoming = await FrontDesk.UpcomingOfUnmappedHosts(db, nowUtc).ToListAsync(ct);

        static List<HostCount> Ranked(IEnumerable<HostCount> counts) =>
            counts.OrderByDescending(c => c.Count).ThenBy(c => c.Host.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

        return new ManagerFiguresResult(
            thisWeek,
            Ranked(away.Select(a => new HostCount(labels.For(a.HostId), a.Count))).Take(TopHosts).ToList(),
            Ranked(upcoming.Select(u => new HostCount(labels.For(u.HostId), u.Count))),
            zone.Id);
    }

    /// <summary>Today and the current Monday-to-Sunday week in <paramref name="zone"/>, as UTC ranges.</summary>
    public static (DateTime DayStart, DateTime DayEnd, DateTime WeekStart, DateTime WeekEnd) Ranges(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = BookingTime.LocalDay(now.UtcDateTime, zone);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (BookingTime.StartOfDayUtc(today, zone), BookingTime.StartOfDayUtc(today.AddDays(1), zone),
            BookingTime.StartOfDayUtc(monday, zone), BookingTime.StartOfDayUtc(monday.AddDays(7), zone));
    }
}
