using System.Globalization;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reassignments;

namespace CalAdmin.Web.Features.Insights;

/// <summary>Counting the rows <see cref="InsightsQuery"/> reads, by <see cref="InsightsDefinitions"/>.</summary>
public static class InsightsTally
{
    public const string NotMapped = "(not mapped to staff)";
    public const string NoDepartment = "(no department)";
    public const string NoEventType = "(no event type)";

    public static InsightsFigures Totals(IReadOnlyCollection<BookingFact> facts, int created, int reassignedAway)
    {
        int Count(Func<BookingFact, bool> predicate) => facts.Count(predicate);
        return new InsightsFigures(
            Created: created,
            Held: Count(Held),
            Completed: Count(f => Held(f) && f.Ended),
            Cancelled: Count(f => f.Status == BookingStatus.Cancelled),
            Rescheduled: Count(f => f.Status == BookingStatus.Rescheduled),
            Declined: Count(f => f.Status == BookingStatus.Rejected),
            NoShowHost: Count(f => Held(f) && f.HostAbsent),
            NoShowAttendee: Count(f => Held(f) && f.AttendeeAbsent),
            ReassignedAway: reassignedAway,
            Booked: facts.Count);
    }

    private static bool Held(BookingFact f) => f.Status == BookingCounting.HeldStatus;

    public static TimeSpan? MedianLead(IEnumerable<BookingFact> facts)
    {
        var leads = facts.Where(f => Held(f) && f.StartUtc >= f.CreatedUtc).Select(f => (f.StartUtc - f.CreatedUtc).Ticks).ToArray();
        if (leads.Length == 0) return null;
        Array.Sort(leads);
        var middle = leads.Length / 2;
        return TimeSpan.FromTicks(leads.Length % 2 == 1 ? leads[middle] : (leads[middle - 1] + leads[middle]) / 2);
    }

    /// <summary>Per day for a period of up to 31 days, else per ISO week (Monday to Sunday) in the period's zone.</summary>
    public static IReadOnlyList<TrendBucket> Trend(IEnumerable<BookingFact> facts, InsightsPeriod period)
    {
        var weekly = period.Days > 31;
        var labels = new List<string>();
        for (var day = weekly ? Monday(period.From) : period.From; day <= period.To; day = day.AddDays(weekly ? 7 : 1))
            labels.Add(weekly ? FairnessReport.WeekLabel(day) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var index = labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var counts = new int[labels.Count, 5];
        foreach (var f in facts)
        {
            var day = BookingTime.LocalDay(f.StartUtc, period.Zone);
            var label = weekly ? FairnessReport.WeekLabel(day) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!index.TryGetValue(label, out var i)) continue;
            var column = f.Status switch
            {
                BookingStatus.Accepted => 0,
                BookingStatus.Pending or BookingStatus.AwaitingPayment => 1,
                BookingStatus.Cancelled => 2,
                BookingStatus.Rescheduled => 3,
                _ => 4,
            };
            counts[i, column]++;
        }
        return labels.Select((label, i) => new TrendBucket(label, counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3], counts[i, 4])).ToList();
    }

    /// <summary>Held bookings per weekday of their local start, Monday first.</summary>
    public static IReadOnlyList<int> ByWeekday(IEnumerable<BookingFact> facts, TimeZoneInfo zone)
    {
        var counts = new int[7];
        foreach (var f in facts.Where(Held)) counts[((int)BookingTime.ToLocal(f.StartUtc, zone).DayOfWeek + 6) % 7]++;
        return counts;
    }

    /// <summary>Held bookings per hour of their local start.</summary>
    public static IReadOnlyList<int> ByHour(IEnumerable<BookingFact> facts, TimeZoneInfo zone)
    {
        var counts = new int[24];
        foreach (var f in facts.Where(Held)) counts[BookingTime.ToLocal(f.StartUtc, zone).Hour]++;
        return counts;
    }

    /// <summary>
    /// One row per group with a figure above zero, by name. Bookings are counted once per group (a collective booking of two
    /// hosts of one department counts once for it); reassignments once per entry.
    /// </summary>
    public static IReadOnlyList<InsightsGroupRow> Groups(IEnumerable<HostFact> hosts, IEnumerable<MadeFact> created, IEnumerable<MadeFact> away,
        Func<HostFact, string> groupOf)
    {
        var groups = new Dictionary<string, GroupCount>(StringComparer.Ordinal);
        GroupCount For(string name) => groups.TryGetValue(name, out var g) ? g : groups[name] = new GroupCount();

        foreach (var f in hosts)
        {
            var g = For(groupOf(f));
            g.Booked.Add(f.BookingId);
            switch (f.Status)
            {
                case BookingCounting.HeldStatus:
                    g.Held.Add(f.BookingId);
                    if (f.Ended) g.Completed.Add(f.BookingId);
                    if (f.HostAbsent) g.NoShowHost.Add(f.BookingId);
                    if (f.AttendeeAbsent) g.NoShowAttendee.Add(f.BookingId);
                    break;
                case BookingStatus.Cancelled: g.Cancelled.Add(f.BookingId); break;
                case BookingStatus.Rescheduled: g.Rescheduled.Add(f.BookingId); break;
                case BookingStatus.Rejected: g.Declined.Add(f.BookingId); break;
            }
        }
        foreach (var c in created) For(groupOf(AsHost(c))).Created.Add(c.BookingId);
        foreach (var a in away) For(groupOf(AsHost(a))).ReassignedAway++;

        return groups
            .Select(g => new InsightsGroupRow(g.Key, g.Value.Figures()))
            .OrderBy(r => r.Group, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
    }

    private static HostFact AsHost(MadeFact m) => new(m.BookingId, m.HostId, m.EventTypeId, default, BookingStatus.Accepted, false, false, false, default);

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private sealed class GroupCount
    {
        public HashSet<int> Booked { get; } = [];
        public HashSet<int> Created { get; } = [];
        public HashSet<int> Held { get; } = [];
        public HashSet<int> Completed { get; } = [];
        public HashSet<int> Cancelled { get; } = [];
        public HashSet<int> Rescheduled { get; } = [];
        public HashSet<int> Declined { get; } = [];
        public HashSet<int> NoShowHost { get; } = [];
        public HashSet<int> NoShowAttendee { get; } = [];
        public int ReassignedAway { get; set; }

        public InsightsFigures Figures() => new(Created.Count, Held.Count, Completed.Count, Cancelled.Count, Rescheduled.Count, Declined.Count,
            NoShowHost.Count, NoShowAttendee.Count, ReassignedAway, Booked.Count);
    }
}
