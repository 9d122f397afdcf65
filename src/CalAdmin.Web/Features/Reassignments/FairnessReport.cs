using System.Globalization;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Reassignments;

/// <summary>Whole days <see cref="From"/> to <see cref="To"/> (both included) in <see cref="Zone"/>.</summary>
public sealed record FairnessPeriod(DateOnly From, DateOnly To, TimeZoneInfo Zone)
{
    public const int DefaultDays = 30;

    public DateTime StartUtc => BookingTime.StartOfDayUtc(From, Zone);
    public DateTime EndUtc => BookingTime.StartOfDayUtc(To.AddDays(1), Zone);
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The last 30 days: today and the 29 days before it, in <paramref name="zone"/>.</summary>
    public static FairnessPeriod LastDays(DateTimeOffset now, TimeZoneInfo zone, int days = DefaultDays)
    {
        var today = BookingTime.LocalDay(now.UtcDateTime, zone);
        return new FairnessPeriod(today.AddDays(1 - days), today, zone);
    }
}

/// <summary>One host's line of the report.</summary>
public sealed record HostFairness(HostLabel Host, int Assigned, int ReassignedAway, int ReassignedTo)
{
    public int Net => ReassignedTo - ReassignedAway;
}

/// <summary>
/// One host of a round-robin event type: what it got against an equal share. Shares are percentages.
/// <see cref="Configured"/> is false for a host that holds bookings of the type but is no longer one of its round-robin hosts.
/// </summary>
public sealed record RoundRobinShare(HostLabel Host, int Bookings, double ActualShare, double? ExpectedShare, int? Priority, bool Configured);

public sealed record RoundRobinFairness(int EventTypeId, string Title, int Bookings, IReadOnlyList<RoundRobinShare> Hosts);

/// <summary>Reassignments away from each host per ISO week (<see cref="Weeks"/> are labels like 2025-W10).</summary>
public sealed record WeeklyReassignments(IReadOnlyList<string> Weeks, IReadOnlyList<WeeklySeries> Series);

public sealed record WeeklySeries(HostLabel Host, IReadOnlyList<int> Counts);

public sealed record FairnessResult(
    FairnessPeriod Period,
    IReadOnlyList<HostFairness> Hosts,
    IReadOnlyList<RoundRobinFairness> RoundRobin,
    WeeklyReassignments Weekly);

/// <summary>
/// How work was spread across hosts over a period. The definitions, which the page repeats as its legend:
/// <list type="bullet">
/// <item><b>Assigned</b>: bookings that start in the period, are live (accepted, pending or awaiting payment: cancelled,
/// rejected and rescheduled-away bookings do not count; a rescheduled booking counts once, as its new booking) and
/// whose current hosts include the host. A collective booking counts for each of its hosts.</item>
/// <item><b>Reassigned away</b> / <b>reassigned to</b>: rows of the reassignment history, any source, with the host as
/// from-host / to-host and their time (<see cref="Reassignment.At"/>) in the period, whatever the booking's status or start.</item>
/// <item><b>Net</b>: reassigned to minus reassigned away.</item>
/// <item><b>Round-robin share</b>: for each round-robin event type, the live bookings of that type starting in the period,
/// counted for each of their current hosts that is not a fixed (mandatory) host of the type; a host's actual share is its
/// count over the sum of those counts (with one round-robin host per booking, as Cal.com assigns, that is the number of
/// bookings). Its expected share is <see cref="ExpectedShareBasis"/>. Priority is as Cal.com reports it.
/// A host holding bookings of the type without being one of its round-robin hosts now is listed with no expected share.</item>
/// <item><b>Weekly chart</b>: reassignments away from each host per ISO week (Monday to Sunday, in the period's zone).</item>
/// </list>
/// Hosts shown: every active host, and any other host with a figure above zero. What counts as one booking is
/// <see cref="BookingCounting"/>, shared with the insights page.
/// </summary>
public sealed class FairnessReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int DefaultPriority = 2;

    /// <summary>
    /// What the expected share rests on, for the page to say. Cal.com's API reports no host weights (its team event-type
    /// hosts are userId, name, username, avatarUrl, mandatory, priority), and priority only decides who is tried first
    /// among free hosts, not a share: so the only share the API supports is an equal one.
    /// </summary>
    public const string ExpectedShareBasis =
        "an equal share among the event type's round-robin (not fixed) hosts. Cal.com's API does not report host weights, " +
        "and priority only decides who is offered first when several hosts are free, so neither changes the expected share.";

    public async Task<FairnessResult> ComputeAsync(FairnessPeriod period, CancellationToken ct = default)
    {
        var (start, end) = (period.StartUtc, period.EndUtc);
        var live = BookingStatusGroups.Live;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);

        var assigned = await db.BookingHosts.AsNoTracking()
            .Where(h => h.Booking.StartUtc >= start && h.Booking.StartUtc < end && live.Contains(h.Booking.Status))
            .GroupBy(h => h.HostId)
            .Select(g => new { HostId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.HostId, x => x.Count, ct);

        // Reassignments are a handful a day: the period's rows are small enough to count in memory.
        var moves = await db.Reassignments.AsNoTracking()
            .Where(r => r.At >= start && r.At < end)
            .Select(r => new { r.At, r.FromHostId, r.ToHostId })
            .ToListAsync(ct);
        var away = moves.Where(m => m.FromHostId is not null).CountBy(m => m.FromHostId!.Value).ToDictionary();
        var to = moves.Where(m => m.ToHostId is not null).CountBy(m => m.ToHostId!.Value).ToDictionary();

        var activeHostIds = await db.Hosts.AsNoTracking().Where(h => h.Active).Select(h => h.Id).ToListAsync(ct);
        var hosts = activeHostIds.Concat(assigned.Keys).Concat(away.Keys).Concat(to.Keys).Distinct()
            .Select(id => new HostFairness(labels.For(id), assigned.GetValueOrDefault(id), away.GetValueOrDefault(id), to.GetValueOrDefault(id)))
            .OrderByDescending(h => h.Assigned).ThenBy(h => h.Host.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

        var roundRobin = await RoundRobinAsync(db, labels, start, end, ct);
        var weekly = Weekly(period, moves.Where(m => m.FromHostId is not null).Select(m => (m.At, m.FromHostId!.Value)), labels);
        return new FairnessResult(period, hosts, roundRobin, weekly);
    }

    private static async Task<List<RoundRobinFairness>> RoundRobinAsync(AppDbContext db, IReadOnlyDictionary<int, HostLabel> labels,
        DateTime start, DateTime end, CancellationToken ct)
    {
        var live = BookingStatusGroups.Live;
        var types = await db.EventTypes.AsNoTracking()
            .Where(t => t.SchedulingType == SchedulingType.RoundRobin)
            .OrderBy(t => t.Title)
            .Select(t => new { t.Id, t.Title, Hosts = t.Hosts.Select(h => new { h.HostId, h.Mandatory, h.Priority }).ToList() })
            .ToListAsync(ct);
        var typeIds = types.Select(t => t.Id).ToList();
        var counts = await db.BookingHosts.AsNoTracking()
            .Where(h => h.Booking.EventTypeId != null && typeIds.Contains(h.Booking.EventTypeId.Value)
                && h.Booking.StartUtc >= start && h.Booking.StartUtc < end && live.Contains(h.Booking.Status))
            .GroupBy(h => new { EventTypeId = h.Booking.EventTypeId!.Value, h.HostId })
            .Select(g => new { g.Key.EventTypeId, g.Key.HostId, Count = g.Count() })
            .ToListAsync(ct);
        var bookingCounts = await db.Bookings.AsNoTracking()
            .Where(b => b.EventTypeId != null && typeIds.Contains(b.EventTypeId.Value)
                && b.StartUtc >= start && b.StartUtc < end && live.Contains(b.Status))
            .GroupBy(b => b.EventTypeId!.Value)
            .Select(g => new { EventTypeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.EventTypeId, x => x.Count, ct);

        return types.Select(type =>
        {
            var mandatory = type.Hosts.Where(h => h.Mandatory).Select(h => h.HostId).ToHashSet();
            var configured = type.Hosts.Where(h => !h.Mandatory).ToList();
            var perHost = counts.Where(c => c.EventTypeId == type.Id && !mandatory.Contains(c.HostId)).ToDictionary(c => c.HostId, c => c.Count);
            var totalAssignments = perHost.Values.Sum();
            var equalShare = configured.Count == 0 ? 0 : 100.0 / configured.Count;

            double Share(int count) => totalAssignments == 0 ? 0 : 100.0 * count / totalAssignments;

            var shares = configured
                .Select(h => new RoundRobinShare(labels.For(h.HostId), perHost.GetValueOrDefault(h.HostId), Share(perHost.GetValueOrDefault(h.HostId)),
                    equalShare, h.Priority ?? DefaultPriority, Configured: true))
                .Concat(perHost.Keys.Where(id => configured.All(h => h.HostId != id))
                    .Select(id => new RoundRobinShare(labels.For(id), perHost[id], Share(perHost[id]), null, null, Configured: false)))
                .OrderByDescending(s => s.Configured).ThenBy(s => s.Host.Name, StringComparer.CurrentCultureIgnoreCase)
                .ToList();
            return new RoundRobinFairness(type.Id, type.Title, bookingCounts.GetValueOrDefault(type.Id), shares);
        }).ToList();
    }

    private static WeeklyReassignments Weekly(FairnessPeriod period, IEnumerable<(DateTime At, int HostId)> away, IReadOnlyDictionary<int, HostLabel> labels)
    {
        var weeks = new List<string>();
        for (var day = Monday(period.From); day <= period.To; day = day.AddDays(7)) weeks.Add(WeekLabel(day));

        var series = away
            .GroupBy(m => m.HostId)
            .Select(g =>
            {
                var counts = new int[weeks.Count];
                foreach (var (at, _) in g)
                {
                    var index = weeks.IndexOf(WeekLabel(BookingTime.LocalDay(at, period.Zone)));
                    if (index >= 0) counts[index]++;
                }
                return new WeeklySeries(labels.For(g.Key), counts);
            })
            .OrderByDescending(s => s.Counts.Sum()).ThenBy(s => s.Host.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new WeeklyReassignments(weeks, series);
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>ISO 8601 week of <paramref name="day"/>, e.g. "2025-W01" (the week of 30 Dec 2024 belongs to 2025).</summary>
    public static string WeekLabel(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    public static string PriorityText(int? priority) => priority switch
    {
        0 => "lowest",
        1 => "low",
        2 => "medium",
        3 => "high",
        4 => "highest",
        null => "—",
        _ => priority.Value.ToString(CultureInfo.InvariantCulture),
    };
}
