using System.Globalization;
using CalAdmin.Web.Features.Bookings;
using Microsoft.AspNetCore.WebUtilities;

namespace CalAdmin.Web.Features.Calendar;

/// <summary>
/// What the calendar shows, as its URL says: <c>view=day|week|month</c>, <c>date=yyyy-MM-dd</c>, <c>lanes=true</c>, <c>tz</c>,
/// and the filters <c>host</c> (CalAdmin's host id, as in the bookings list) and <c>eventType</c> (Cal.com's event type id).
/// </summary>
public sealed record CalendarAddress(CalendarView View, DateOnly? Date, bool Lanes, string? TimeZone, int? Host = null, int? EventType = null)
{
    public static CalendarAddress Parse(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => q.TryGetValue(key, out var v) && v.Count > 0 ? v.ToString() : null;
        return new CalendarAddress(
            Enum.TryParse<CalendarView>(Get("view"), ignoreCase: true, out var view) && Enum.IsDefined(view) ? view : CalendarView.Week,
            DateOnly.TryParseExact(Get("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            bool.TryParse(Get("lanes"), out var lanes) && lanes,
            Get("tz") is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _) ? tz : null,
            Id(Get("host")),
            Id(Get("eventType")));
    }

    private static int? Id(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    public bool HasFilters => Host is not null || EventType is not null;

    public string ToUrl()
    {
        var parts = new List<KeyValuePair<string, string?>> { new("view", View.ToString().ToLowerInvariant()) };
        if (Date is { } date) parts.Add(new("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        // Lanes are a day/week view; the month keeps the choice for when the viewer comes back to a week.
        if (Lanes) parts.Add(new("lanes", "true"));
        if (TimeZone is not null) parts.Add(new("tz", TimeZone));
        if (Host is { } host) parts.Add(new("host", host.ToString(CultureInfo.InvariantCulture)));
        if (EventType is { } eventType) parts.Add(new("eventType", eventType.ToString(CultureInfo.InvariantCulture)));
        return "calendar" + Microsoft.AspNetCore.Http.QueryString.Create(parts).ToUriComponent();
    }
}
