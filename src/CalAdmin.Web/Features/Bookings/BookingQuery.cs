using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>The tabs of the bookings list; the <c>status</c> query parameter.</summary>
public enum BookingTab
{
    /// <summary>Live bookings (accepted, pending, awaiting payment) that start now or later.</summary>
    Upcoming,
    /// <summary>Pending bookings that start now or later: someone has to confirm or decline them.</summary>
    Unconfirmed,
    /// <summary>Live bookings that started before now.</summary>
    Past,
    /// <summary>Cancelled, declined (rejected) and rescheduled-away bookings.</summary>
    Cancelled,
    All,
}

public enum BookingSortField { Start, Title, Status }

/// <summary>
/// One view of the bookings list, as the list, its URL and the CSV export share it. Dates are whole days in
/// <see cref="TimeZone"/> (inclusive); <see cref="HostId"/> and <see cref="EventTypeId"/> are CalAdmin's row ids.
/// </summary>
public sealed record BookingQuery
{
    public BookingTab Tab { get; init; } = BookingTab.Upcoming;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? HostId { get; init; }
    public int? EventTypeId { get; init; }
    /// <summary>One exact booking status on top of the tab (<c>bookingStatus</c>).</summary>
    public BookingStatus? Status { get; init; }
    /// <summary>No-show marks or a missing outcome (<c>outcome</c>: <c>noshow</c>, <c>needed</c>).</summary>
    public Outcomes.OutcomeFilter? Outcome { get; init; }
    /// <summary>Part of an attendee's name or email, a booking's uid, an attendee's phone number or part of a note (BookingSearch).</summary>
    public string? Search { get; init; }
    public BookingSortField Sort { get; init; } = BookingSortField.Start;
    /// <summary>Null: the tab's natural order (upcoming ascending, past and cancelled newest first).</summary>
    public bool? Descending { get; init; }
    /// <summary>The IANA zone the date filter's days are in; null means the business's zone.</summary>
    public string? TimeZone { get; init; }

    public bool SortDescending => Descending ?? Tab is BookingTab.Past or BookingTab.Cancelled or BookingTab.All;

    public bool HasFilters => From is not null || To is not null || HostId is not null || EventTypeId is not null
                              || Status is not null || Outcome is not null || !string.IsNullOrWhiteSpace(Search);

    public static BookingQuery Parse(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => q.TryGetValue(key, out StringValues v) && !StringValues.IsNullOrEmpty(v) ? v.ToString().Trim() : null;

        var sortText = Get("sort");
        var sortValid = Enum.TryParse<BookingSortField>(sortText?.TrimStart('-'), ignoreCase: true, out var sort) && Enum.IsDefined(sort);
        return new BookingQuery
        {
            Tab = Enum.TryParse<BookingTab>(Get("status"), ignoreCase: true, out var tab) && Enum.IsDefined(tab) ? tab : BookingTab.Upcoming,
            From = DateOnly.TryParseExact(Get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
            To = DateOnly.TryParseExact(Get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
            HostId = int.TryParse(Get("host"), NumberStyles.None, CultureInfo.InvariantCulture, out var host) ? host : null,
            EventTypeId = int.TryParse(Get("eventType"), NumberStyles.None, CultureInfo.InvariantCulture, out var et) ? et : null,
            Status = Enum.TryParse<BookingStatus>(Get("bookingStatus"), ignoreCase: true, out var status) && Enum.IsDefined(status)
                     && !int.TryParse(Get("bookingStatus"), out _) ? status : null,
            Outcome = Enum.TryParse<Outcomes.OutcomeFilter>(Get("outcome"), ignoreCase: true, out var outcome) && Enum.IsDefined(outcome)
                      && !int.TryParse(Get("outcome"), out _) ? outcome : null,
            Search = Get("q") is { Length: > 0 } s ? s[..Math.Min(s.Length, 200)] : null,
            Sort = sortValid ? sort : BookingSortField.Start,
            Descending = sortValid ? sortText!.StartsWith('-') : null,
            TimeZone = Get("tz") is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _) ? tz : null,
        };
    }

    /// <summary>The query string (without '?') that reproduces this view; defaults are left out.</summary>
    public string ToQueryString(bool includeTimeZone = true)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (value is not null) parts.Add(new(key, value)); }

        Add("status", Tab.ToString().ToLowerInvariant());
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("host", HostId?.ToString(CultureInfo.InvariantCulture));
        Add("eventType", EventTypeId?.ToString(CultureInfo.InvariantCulture));
        Add("bookingStatus", Status?.ToString());
        Add("outcome", Outcome?.ToString().ToLowerInvariant());
        Add("q", string.IsNullOrWhiteSpace(Search) ? null : Search);
        if (Sort != BookingSortField.Start || Descending is not null)
            Add("sort", (SortDescending ? "-" : "") + Sort.ToString().ToLowerInvariant());
        if (includeTimeZone) Add("tz", TimeZone);
        return QueryString.Create(parts).ToUriComponent().TrimStart('?');
    }
}
