using CalAdmin.Web.Infrastructure;
using System.Globalization;
using CalAdmin.Web.Features.Bookings;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CalAdmin.Web.Features.Insights;

/// <summary>What a row of the insights tables stands for.</summary>
public enum InsightsGrouping
{
    Host,
    Staff,
    Department,
    EventType,
}

/// <summary>
/// One view of the insights, as the page, its URL and the CSV export share it. <see cref="From"/> and <see cref="To"/> are
/// whole days (both included) in <see cref="TimeZone"/>; null means the last <see cref="DefaultDays"/> days.
/// <see cref="HostId"/>, <see cref="StaffId"/> and <see cref="EventTypeId"/> are CalAdmin's row ids.
/// </summary>
public sealed record InsightsFilter
{
    public const int DefaultDays = 30;
    /// <summary>Two years: the trend is per week beyond a month, and the page is about recent work.</summary>
    public const int MaxDays = 731;

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public InsightsGrouping GroupBy { get; init; }
    public int? EventTypeId { get; init; }
    public int? HostId { get; init; }
    public int? StaffId { get; init; }
    public string? Department { get; init; }
    /// <summary>The IANA zone the period's days are in; null means the business's zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The period this filter names, or the last <see cref="DefaultDays"/> days up to today in <paramref name="zone"/>.</summary>
    public InsightsPeriod PeriodIn(TimeZoneInfo zone, DateTimeOffset now)
    {
        if (From is { } from && To is { } to) return new InsightsPeriod(from, to, zone);
        var today = BookingTime.LocalDay(now.UtcDateTime, zone);
        return new InsightsPeriod(today.AddDays(1 - DefaultDays), today, zone);
    }

    /// <summary>
    /// Reads <c>from</c>, <c>to</c> (yyyy-MM-dd, both or neither), <c>groupBy</c> (host, staff, department or eventType, any
    /// case), <c>eventType</c>, <c>host</c>, <c>staff</c> (ids), <c>department</c> (a name) and <c>tz</c> (IANA id).
    /// Any of them present but not understood is an error that names it; other parameters are ignored.
    /// </summary>
    public static bool TryParse(string? queryString, out InsightsFilter filter, out string? error)
    {
        var q = new QueryParameters(queryString);
        var problems = q.Problems;

        var from = q.Date("from");
        var to = q.Date("to");
        if (from is null != to is null && !problems.Any(p => p.StartsWith("'from'") || p.StartsWith("'to'")))
            problems.Add(from is null ? "'from' is missing: give both 'from' and 'to', or neither." : "'to' is missing: give both 'from' and 'to', or neither.");
        if (from is { } f && to is { } t)
        {
            if (f > t) problems.Add($"'from' ({f:yyyy-MM-dd}) is after 'to' ({t:yyyy-MM-dd}).");
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays) problems.Add($"'to' is more than {MaxDays} days after 'from': a period is at most {MaxDays} days.");
        }

        var groupBy = InsightsGrouping.Host;
        if (q.Get("groupBy") is { } groupText)
        {
            if (Enum.TryParse<InsightsGrouping>(groupText, ignoreCase: true, out var g) && Enum.IsDefined(g) && !char.IsDigit(groupText[0])) groupBy = g;
            else problems.Add($"'groupBy' must be host, staff, department or eventType, not '{QueryParameters.Shorten(groupText)}'.");
        }

        var eventType = q.Id("eventType");
        var host = q.Id("host");
        var staff = q.Id("staff");
        var department = q.Get("department");
        if (department is { Length: > 200 }) problems.Add("'department' is longer than 200 characters.");

        var zone = q.TimeZone();

        filter = new InsightsFilter
        {
            From = from, To = to, GroupBy = groupBy, EventTypeId = eventType, HostId = host, StaffId = staff, Department = department, TimeZone = zone,
        };
        error = q.Error;
        return error is null;
    }

    /// <summary>The query string (without '?') that reproduces this view; defaults are left out.</summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (value is not null) parts.Add(new(key, value)); }

        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (GroupBy != InsightsGrouping.Host) Add("groupBy", GroupParameter(GroupBy));
        Add("eventType", EventTypeId?.ToString(CultureInfo.InvariantCulture));
        Add("host", HostId?.ToString(CultureInfo.InvariantCulture));
        Add("staff", StaffId?.ToString(CultureInfo.InvariantCulture));
        Add("department", Department);
        Add("tz", TimeZone);
        return QueryString.Create(parts).ToUriComponent().TrimStart('?');
    }

    public static string GroupParameter(InsightsGrouping grouping) => grouping switch
    {
        InsightsGrouping.EventType => "eventType",
        _ => grouping.ToString().ToLowerInvariant(),
    };

}

/// <summary>Whole days <see cref="From"/> to <see cref="To"/> (both included) in <see cref="Zone"/>.</summary>
public sealed record InsightsPeriod(DateOnly From, DateOnly To, TimeZoneInfo Zone)
{
    public DateTime StartUtc => BookingTime.StartOfDayUtc(From, Zone);
    public DateTime EndUtc => BookingTime.StartOfDayUtc(To.AddDays(1), Zone);
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of the same number of days just before this one.</summary>
    public InsightsPeriod Previous => new(From.AddDays(-Days), From.AddDays(-1), Zone);
}
