using System.Globalization;
using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Web.Features.Calendar;

public enum CalendarView { Day, Week, Month }

/// <summary>The days a view shows and the UTC range to load for them.</summary>
public sealed record CalendarRange(CalendarView View, DateOnly Anchor, IReadOnlyList<DateOnly> Days, DateTime FromUtc, DateTime ToUtc)
{
    public static CalendarRange For(CalendarView view, DateOnly anchor, TimeZoneInfo zone)
    {
        DateOnly first, last;
        switch (view)
        {
            case CalendarView.Day:
                first = last = anchor;
                break;
            case CalendarView.Week:
                first = Monday(anchor);
                last = first.AddDays(6);
                break;
            default:
                var monthStart = new DateOnly(anchor.Year, anchor.Month, 1);
                first = Monday(monthStart);
                last = Monday(monthStart.AddMonths(1).AddDays(-1)).AddDays(6);
                break;
        }
        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToArray();
        return new CalendarRange(view, anchor, days, BookingTime.StartOfDayUtc(first, zone), BookingTime.StartOfDayUtc(last.AddDays(1), zone));
    }

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The anchor one view-length earlier (<paramref name="step"/> -1) or later (+1).</summary>
    public DateOnly Step(int step) => View switch
    {
        CalendarView.Day => Anchor.AddDays(step),
        CalendarView.Week => Anchor.AddDays(7 * step),
        _ => Anchor.AddMonths(step),
    };

    public string Title => View switch
    {
        CalendarView.Day => Anchor.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture),
        CalendarView.Week => $"{Days[0].ToString("d MMM", CultureInfo.InvariantCulture)} – {Days[^1].ToString("d MMM yyyy", CultureInfo.InvariantCulture)}",
        _ => Anchor.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
    };
}

/// <summary>A booking placed in a day column of the time grid; <see cref="Style"/> carries its position (invariant culture).</summary>
public sealed record PlacedItem(CalendarItem Item, DateTime LocalStart, DateTime LocalEnd, double TopPct, double HeightPct, int Column, int Columns, string Color)
{
    public string Style { get; } = string.Create(CultureInfo.InvariantCulture,
        $"top:{TopPct:0.###}%;height:{HeightPct:0.###}%;left:{100.0 * Column / Columns:0.###}%;width:{100.0 / Columns:0.###}%;--cal-color:{Color};--cal-text:{EventTypePalette.TextFor(Color)}");
}

/// <summary>
/// Bookings of one hour of a day that did not fit the column's width: drawn as one "+N more" box in the last column,
/// linking to a view that has room for them.
/// </summary>
public sealed record OverflowMarker(int Hour, int Count, double TopPct, double HeightPct, int Column, int Columns)
{
    public string Style { get; } = string.Create(CultureInfo.InvariantCulture,
        $"top:{TopPct:0.###}%;height:{HeightPct:0.###}%;left:{100.0 * Column / Columns:0.###}%;width:{100.0 / Columns:0.###}%");
}

public sealed record DayColumn(DateOnly Day, IReadOnlyList<PlacedItem> Items, IReadOnlyList<OverflowMarker> Overflow)
{
    public int Total => Items.Count + Overflow.Sum(o => o.Count);
}

/// <summary>The time grid of a day or week view: which hours it draws (the whole day) and where each booking sits.</summary>
public sealed record TimeGrid(int FirstHour, int LastHour, IReadOnlyList<DayColumn> Days)
{
    public int Hours => LastHour - FirstHour;
}

/// <summary>A chip in a month cell or a lane cell: a booking with its local start, in start order.</summary>
public sealed record DayChip(CalendarItem Item, DateTime LocalStart, string Color)
{
    public string Style => $"--cal-color:{Color};--cal-text:{EventTypePalette.TextFor(Color)}";
}

public sealed record MonthCell(DateOnly Day, bool InMonth, IReadOnlyList<DayChip> Chips);

public sealed record HostLane(HostLabel? Host, IReadOnlyList<IReadOnlyList<DayChip>> Days)
{
    public string Name => Host is null ? "No host" : Host.Name;
}

public sealed record LegendEntry(int Key, string Title, string Color);

/// <summary>The layout math of the calendar, apart from rendering so it can be tested and timed.</summary>
public static class CalendarLayout
{
    /// <summary>The default business hours (<see cref="BusinessHoursOptions"/>).</summary>
    public const int DefaultFirstHour = 8;
    public const int DefaultLastHour = 18;
    private const double MinHeightMinutes = 15;

    /// <summary>How many side-by-side columns a day shows before the rest of a busy hour collapses into "+N more".</summary>
    public static int MaxColumnsFor(int days) => days == 1 ? 12 : 4;

    public static TimeGrid Grid(IReadOnlyList<DateOnly> days, IReadOnlyList<CalendarItem> items, TimeZoneInfo zone, int? maxColumns = null)
    {
        var max = Math.Max(2, maxColumns ?? MaxColumnsFor(days.Count));
        var segments = days.ToDictionary(d => d, _ => new List<(CalendarItem Item, DateTime Start, DateTime End, DateTime FullStart, DateTime FullEnd)>());
        // The whole day is drawn; the page scrolls it to the business's hours (CalendarTimeGrid), so nothing is out of reach.
        const int first = 0, last = 24;
        foreach (var item in items)
        {
            var start = BookingTime.ToLocal(item.StartUtc, zone);
            var end = BookingTime.ToLocal(item.EndUtc < item.StartUtc ? item.StartUtc : item.EndUtc, zone);
            for (var day = DateOnly.FromDateTime(start); day <= DateOnly.FromDateTime(end); day = day.AddDays(1))
            {
                if (!segments.TryGetValue(day, out var list)) continue;
                var dayStart = day.ToDateTime(TimeOnly.MinValue);
                var segStart = start > dayStart ? start : dayStart;
                var segEnd = end < dayStart.AddDays(1) ? end : dayStart.AddDays(1);
                if (segEnd <= segStart && !(start == end && day == DateOnly.FromDateTime(start))) continue;
                list.Add((item, segStart, segEnd, start, end));
            }
        }

        var totalMinutes = (last - first) * 60.0;
        var columns = days.Select(day =>
        {
            var list = segments[day];
            list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
            var placed = new List<PlacedItem>(list.Count);
            var overflow = new SortedDictionary<int, int>();
            var cluster = new List<(int Index, int Column)>();
            var columnEnds = new List<DateTime>();
            var clusterEnd = DateTime.MinValue;

            void CloseCluster()
            {
                // A cluster wider than the day has room for keeps max - 1 columns; the rest counts per starting hour.
                var collapsed = columnEnds.Count > max;
                var width = collapsed ? max : columnEnds.Count;
                foreach (var (index, column) in cluster)
                {
                    var s = list[index];
                    if (collapsed && column >= max - 1)
                    {
                        overflow[s.Start.Hour] = overflow.GetValueOrDefault(s.Start.Hour) + 1;
                        continue;
                    }
                    var dayStart = day.ToDateTime(TimeOnly.MinValue);
                    var top = ((s.Start - dayStart).TotalMinutes - first * 60) / totalMinutes * 100;
                    var height = Math.Max((s.End - s.Start).TotalMinutes, MinHeightMinutes) / totalMinutes * 100;
                    placed.Add(new PlacedItem(s.Item, s.FullStart, s.FullEnd, top, Math.Min(height, 100 - top), column, width,
                        EventTypePalette.ColorFor(s.Item.ColorKey)));
                }
                cluster.Clear();
                columnEnds.Clear();
            }

            for (var i = 0; i < list.Count; i++)
            {
                var (_, start, end, _, _) = list[i];
                var visibleEnd = end > start.AddMinutes(MinHeightMinutes) ? end : start.AddMinutes(MinHeightMinutes);
                if (cluster.Count > 0 && start >= clusterEnd) CloseCluster();
                var column = columnEnds.FindIndex(e => e <= start);
                if (column < 0) { column = columnEnds.Count; columnEnds.Add(visibleEnd); }
                else columnEnds[column] = visibleEnd;
                cluster.Add((i, column));
                clusterEnd = cluster.Count == 1 || visibleEnd > clusterEnd ? visibleEnd : clusterEnd;
            }
            if (cluster.Count > 0) CloseCluster();
            var markers = overflow.Select(o => new OverflowMarker(o.Key, o.Value,
                (o.Key - first) * 60 / totalMinutes * 100, 60 / totalMinutes * 100, max - 1, max)).ToList();
            return new DayColumn(day, placed, markers);
        }).ToList();

        return new TimeGrid(first, last, columns);
    }

    public static IReadOnlyList<MonthCell> Month(CalendarRange range, IReadOnlyList<CalendarItem> items, TimeZoneInfo zone)
    {
        var byDay = Chips(items, zone).GroupBy(c => DateOnly.FromDateTime(c.LocalStart)).ToDictionary(g => g.Key, g => (IReadOnlyList<DayChip>)g.ToList());
        return range.Days.Select(d => new MonthCell(d, d.Month == range.Anchor.Month, byDay.GetValueOrDefault(d) ?? [])).ToList();
    }

    /// <summary>
    /// One lane per host with bookings in the range or away in it (<paramref name="awayHosts"/>: an away host whose
    /// bookings were all moved keeps a lane for the away block), by name (unmapped hosts after staff), then a lane for
    /// bookings with no host.
    /// </summary>
    public static IReadOnlyList<HostLane> Lanes(IReadOnlyList<DateOnly> days, IReadOnlyList<CalendarItem> items, IReadOnlyDictionary<int, HostLabel> hosts, TimeZoneInfo zone,
        IEnumerable<int>? awayHosts = null)
    {
        var index = days.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var lanes = new Dictionary<int, List<DayChip>[]>();
        List<DayChip>[] NewLane() => days.Select(_ => new List<DayChip>()).ToArray();
        foreach (var hostId in awayHosts ?? []) lanes.TryAdd(hostId, NewLane());
        foreach (var chip in Chips(items, zone))
        {
            if (!index.TryGetValue(DateOnly.FromDateTime(chip.LocalStart), out var dayIndex)) continue;
            foreach (var hostId in chip.Item.HostIds.DefaultIfEmpty(0))
            {
                if (!lanes.TryGetValue(hostId, out var lane)) lanes[hostId] = lane = NewLane();
                lane[dayIndex].Add(chip);
            }
        }
        return lanes
            .Select(kv => new HostLane(kv.Key == 0 ? null : hosts.For(kv.Key), kv.Value))
            .OrderBy(l => l.Host is null).ThenBy(l => l.Host is { Mapped: false }).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    public static IReadOnlyList<LegendEntry> Legend(IReadOnlyList<CalendarItem> items) => items
        .GroupBy(i => i.ColorKey)
        .Select(g => new LegendEntry(g.Key, g.Select(i => i.EventTypeTitle).FirstOrDefault(t => t is not null) ?? $"Cal.com event type {g.Key}", EventTypePalette.ColorFor(g.Key)))
        .OrderBy(e => e.Title, StringComparer.CurrentCultureIgnoreCase)
        .ToList();

    private static IEnumerable<DayChip> Chips(IReadOnlyList<CalendarItem> items, TimeZoneInfo zone) => items
        .Select(i => new DayChip(i, BookingTime.ToLocal(i.StartUtc, zone), EventTypePalette.ColorFor(i.ColorKey)))
        .OrderBy(c => c.LocalStart).ThenBy(c => c.Item.Title, StringComparer.Ordinal);
}
