using System.Globalization;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reassignments;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// Counting the facts <see cref="InsightsQuery"/> reads, by <see cref="InsightsDefinitions"/>, in one pass. The rows of a
/// booking come together (its hosts share its start), so a booking is counted once for the cards and once for each group
/// among its matching hosts (a collective booking of two hosts of one department counts once for it).
/// </summary>
public sealed class InsightsTally(InsightsPeriod period, long nowUtc, Func<int, bool>? hostMatches, int? eventTypeId, bool byEventType, Func<FactRow, string> groupOf)
{
    public const string NotMapped = "(not mapped to staff)";
    public const string NoDepartment = "(no department)";
    public const string NoEventType = "(no event type)";

    private readonly long start = InsightsFactsModel.ToUnixSeconds(period.StartUtc);
    private readonly long prevStart = InsightsFactsModel.ToUnixSeconds(period.Previous.StartUtc);
    private readonly long end = InsightsFactsModel.ToUnixSeconds(period.EndUtc);
    private readonly Figures current = new(), previous = new();
    private readonly List<long> leads = [], previousLeads = [];
    private int createdCurrent, createdPrevious;
    private readonly Dictionary<string, Figures> groups = new(StringComparer.Ordinal);
    private readonly bool weekly = period.Days > 31;
    private readonly int[,] trend = new int[Buckets(period), 5];
    private readonly int[] weekdays = new int[7], hours = new int[24];
    private readonly List<FactRow> matching = [];

    private static int Buckets(InsightsPeriod period) =>
        period.Days > 31 ? (period.To.DayNumber - Monday(period.From).DayNumber) / 7 + 1 : period.Days;

    private bool Matches(in FactRow row) => (hostMatches is null || hostMatches(row.HostId)) && (eventTypeId is null || row.EventTypeId == eventTypeId);

    /// <summary>Counts the rows of the periods' days (each day in start, booking order); rows outside the periods are skipped.</summary>
    public void AddPeriodRows(IEnumerable<FactRow[]> days) => EachBooking(days, r => r.Start >= prevStart && r.Start < end, AddBooking);

    /// <summary>Counts the bookings made in the periods that start after them (only "created" counts them), in booking order.</summary>
    public void AddMadeLater(IEnumerable<FactRow[]> days) => EachBooking(days, r => r.Start >= end, () => AddMade(matching[0]));

    /// <summary>
    /// Walks the rows a booking at a time (a booking's rows come together) and hands on each booking with its rows that the
    /// filter and <paramref name="keep"/> take, in <see cref="matching"/>.
    /// </summary>
    private void EachBooking(IEnumerable<FactRow[]> days, Func<FactRow, bool> keep, Action count)
    {
        foreach (var rows in days)
            for (var i = 0; i < rows.Length;)
            {
                var j = i;
                matching.Clear();
                for (; j < rows.Length && rows[j].BookingId == rows[i].BookingId; j++)
                    if (keep(rows[j]) && Matches(rows[j])) matching.Add(rows[j]);
                if (matching.Count > 0) count();
                i = j;
            }
    }

    private void AddBooking()
    {
        var b = matching[0];
        var inPeriod = b.Start >= start;
        var held = b.Status == BookingCounting.HeldStatus;
        var ended = b.Has(FactFlags.MeetingEnded) || b.End <= nowUtc;
        var hostAbsent = false;
        foreach (var r in matching) hostAbsent |= r.Has(FactFlags.HostAbsent);
        (inPeriod ? current : previous).Add(b.Status, held && ended, hostAbsent, b.Has(FactFlags.AttendeeAbsent));
        AddMade(b);
        if (held && b.Start >= b.Created) (inPeriod ? leads : previousLeads).Add(b.Start - b.Created);
        if (!inPeriod) return;

        var local = DateTime.UnixEpoch.AddSeconds(b.Start + OffsetAt(b.Start));
        var day = DateOnly.FromDateTime(local);
        var bucket = weekly ? (Monday(day).DayNumber - Monday(period.From).DayNumber) / 7 : day.DayNumber - period.From.DayNumber;
        if (bucket >= 0 && bucket < trend.GetLength(0)) trend[bucket, TrendColumn(b.Status)]++;
        if (held)
        {
            weekdays[((int)local.DayOfWeek + 6) % 7]++;
            hours[local.Hour]++;
        }
        // Each group among the booking's hosts once; its host no-show is one of that group's hosts not showing.
        foreach (var group in Groups())
            group.Add(b.Status, held && ended, HostAbsentIn(group), b.Has(FactFlags.AttendeeAbsent));
    }

    /// <summary>A booking made in the periods is counted as created (a reschedule's new booking is not).</summary>
    private void AddMade(FactRow b)
    {
        if (b.Has(FactFlags.Rebooked) || b.Created < prevStart || b.Created >= end) return;
        if (b.Created < start)
        {
            createdPrevious++;
            return;
        }
        createdCurrent++;
        foreach (var group in Groups()) group.Created++;
    }

    /// <summary>Counts a reassignment away from a host, for the host the booking left.</summary>
    public void AddReassignedAway(FactRow from, bool inPeriod)
    {
        if (!inPeriod)
        {
            previous.ReassignedAway++;
            return;
        }
        current.ReassignedAway++;
        For(from).ReassignedAway++;
    }

    /// <summary>The zone's offset in seconds at a UTC instant, worked out once per quarter hour (every zone's changes fall on one).</summary>
    private int OffsetAt(long utcSeconds)
    {
        var quarter = utcSeconds / 900;
        if (offsets.TryGetValue(quarter, out var offset)) return offset;
        return offsets[quarter] = (int)period.Zone.GetUtcOffset(DateTime.UnixEpoch.AddSeconds(quarter * 900)).TotalSeconds;
    }

    private readonly Dictionary<long, int> offsets = [];

    private Figures For(string group) => groups.TryGetValue(group, out var g) ? g : groups[group] = new Figures();

    /// <summary>The groups of the booking's matching rows, each once (a list kept for the whole tally: no allocation a booking).</summary>
    private List<Figures> Groups()
    {
        bookingGroups.Clear();
        foreach (var row in matching)
            if (For(row) is var group && !bookingGroups.Contains(group)) bookingGroups.Add(group);
        return bookingGroups;
    }

    private readonly List<Figures> bookingGroups = [];

    private bool HostAbsentIn(Figures group)
    {
        foreach (var row in matching)
            if (row.Has(FactFlags.HostAbsent) && For(row) == group) return true;
        return false;
    }

    /// <summary>The figures of a fact's group, found once per host (or event type) and then by that number.</summary>
    private Figures For(FactRow row)
    {
        var key = byEventType ? row.EventTypeId : row.HostId;
        return byKey.TryGetValue(key, out var figures) ? figures : byKey[key] = For(groupOf(row));
    }

    private readonly Dictionary<int, Figures> byKey = [];

    public InsightsResult Result(InsightsGrouping grouping)
    {
        var labels = Enumerable.Range(0, trend.GetLength(0)).Select(i => weekly
            ? FairnessReport.WeekLabel(Monday(period.From).AddDays(7 * i))
            : period.From.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new InsightsResult(
            period,
            current.Done(createdCurrent),
            previous.Done(createdPrevious),
            Median(leads),
            Median(previousLeads),
            weekly,
            labels.Select((label, i) => new TrendBucket(label, trend[i, 0], trend[i, 1], trend[i, 2], trend[i, 3], trend[i, 4])).ToList(),
            grouping,
            groups.Select(g => new InsightsGroupRow(g.Key, g.Value.Done(g.Value.Created)))
                .OrderBy(r => r.Group, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Group, StringComparer.Ordinal).ToList(),
            weekdays,
            hours);
    }

    private static int TrendColumn(BookingStatus status) => status switch
    {
        BookingStatus.Accepted => 0,
        BookingStatus.Pending or BookingStatus.AwaitingPayment => 1,
        BookingStatus.Cancelled => 2,
        BookingStatus.Rescheduled => 3,
        _ => 4,
    };

    /// <summary>The middle lead time (the mean of the two middle ones for an even count), in whole seconds.</summary>
    private static TimeSpan? Median(List<long> seconds)
    {
        if (seconds.Count == 0) return null;
        seconds.Sort();
        var middle = seconds.Count / 2;
        var ticks = seconds.Count % 2 == 1
            ? seconds[middle] * TimeSpan.TicksPerSecond
            : (seconds[middle - 1] + seconds[middle]) * TimeSpan.TicksPerSecond / 2;
        return TimeSpan.FromTicks(ticks);
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private sealed class Figures
    {
        public int Created, Held, Completed, Cancelled, Rescheduled, Declined, NoShowHost, NoShowAttendee, ReassignedAway, Booked;

        public void Add(BookingStatus status, bool completed, bool hostAbsent, bool attendeeAbsent)
        {
            Booked++;
            switch (status)
            {
                case BookingCounting.HeldStatus:
                    Held++;
                    if (completed) Completed++;
                    if (hostAbsent) NoShowHost++;
                    if (attendeeAbsent) NoShowAttendee++;
                    break;
                case BookingStatus.Cancelled: Cancelled++; break;
                case BookingStatus.Rescheduled: Rescheduled++; break;
                case BookingStatus.Rejected: Declined++; break;
            }
        }

        public InsightsFigures Done(int created) =>
            new(created, Held, Completed, Cancelled, Rescheduled, Declined, NoShowHost, NoShowAttendee, ReassignedAway, Booked);
    }
}
