using System.Globalization;
using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Web.Features.Calendar;

/// <summary>The business's hours as hours of a viewer's day: <see cref="Start"/> to <see cref="End"/> (24 = midnight).</summary>
public readonly record struct OpenHours(int Start, int End)
{
    public int Length => End - Start;
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Start:00}:00–{End:00}:00");
}

/// <summary>What makes the calendar a working day: the business's hours in the viewer's zone, the "now" line, the filters.</summary>
public static class CalendarWorkingDay
{
    /// <summary>
    /// The business's hours (in its own zone) as hours of <paramref name="day"/> in the viewer's zone, whole hours
    /// (start rounded down, end up) and cut at the day's end when the zones are far apart.
    /// </summary>
    public static OpenHours Open(DateOnly day, BusinessHoursOptions hours, TimeZoneInfo business, TimeZoneInfo viewer)
    {
        if (business.Id == viewer.Id) return new OpenHours(hours.StartHour, hours.EndHour);
        var dayStartUtc = BookingTime.StartOfDayUtc(day, business);
        var start = BookingTime.ToLocal(dayStartUtc.AddHours(hours.StartHour), viewer);
        var length = hours.EndHour - hours.StartHour;
        var startHour = start.Hour;
        var endHour = Math.Min(24, startHour + length + (start.Minute > 0 ? 1 : 0));
        return new OpenHours(startHour, Math.Max(startHour + 1, endHour));
    }

    /// <summary>Where the "now" line sits in a time grid's day column, in percent from its top; null when now is not on a shown day.</summary>
    public static double? NowTopPct(DateTime nowLocal, DateOnly day, TimeGrid grid)
    {
        if (DateOnly.FromDateTime(nowLocal) != day || grid.Days.All(d => d.Day != day)) return null;
        var minutes = nowLocal.TimeOfDay.TotalMinutes - grid.FirstHour * 60;
        var total = grid.Hours * 60.0;
        return minutes < 0 || minutes > total ? null : minutes / total * 100;
    }

    /// <summary>The bookings one host holds (any of its hosts) and of one event type (Cal.com's id, the colour key); null keeps all.</summary>
    public static IReadOnlyList<CalendarItem> Filter(IReadOnlyList<CalendarItem> items, int? hostId, int? eventTypeKey) =>
        hostId is null && eventTypeKey is null
            ? items
            : items.Where(i => (hostId is not { } host || i.HostIds.Contains(host)) && (eventTypeKey is not { } key || i.ColorKey == key)).ToList();

    /// <summary>
    /// A booking block's words: Cal.com's titles already name the attendee ("Intro between Ana and Eve"), so when the
    /// attendee is known the block says the event type and the attendee once, not the title and the attendee again.
    /// </summary>
    public static string Label(CalendarItem item) =>
        item.AttendeeName is not null && item.EventTypeTitle is { Length: > 0 } eventType ? eventType : item.Title;

    /// <summary>The block's tooltip: only what the block does not already say, its start and end; the attendee is not repeated.</summary>
    public static string Span(DateTime localStart, DateTime localEnd) =>
        string.Create(CultureInfo.InvariantCulture, $"{localStart:HH:mm}–{localEnd:HH:mm}");
}
