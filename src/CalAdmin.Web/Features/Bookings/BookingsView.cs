using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// What <c>/bookings</c> shows, from its URL: the list's query (its zone resolved), the page and the page size. The page
/// and its live island share it; <see cref="Key"/> names it, and parses back to it.
/// </summary>
public sealed record BookingsView(BookingQuery Query, int PageIndex, int PageSize, bool IsBusinessZone)
{
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>The view a query string asks for; what it does not say (or says wrongly) is the default.</summary>
    public static BookingsView Parse(string? queryString, string businessZoneId)
    {
        var parameters = QueryHelpers.ParseQuery(queryString);
        var parsed = BookingQuery.Parse(queryString);
        var zone = parsed.TimeZone ?? businessZoneId;
        var size = int.TryParse(parameters.GetValueOrDefault("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s) ? s : PageSizes[0];
        var page = int.TryParse(parameters.GetValueOrDefault("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 1 ? p - 1 : 0;
        return new BookingsView(parsed with { TimeZone = zone }, page, size, zone == businessZoneId);
    }

    /// <summary>The whole view as a query string, the zone always named; <see cref="Parse"/> reads it back.</summary>
    public string Key => Query.ToQueryString(includeTimeZone: true)
                         + string.Create(CultureInfo.InvariantCulture, $"&size={PageSize}&page={PageIndex + 1}");

    /// <summary>The zone the list's times are drawn in.</summary>
    public TimeZoneInfo Zone => BookingTime.FindOrUtc(Query.TimeZone!);

    /// <summary>The list's address for another view (a tab, a sort, a page) in this view's zone; defaults are left out.</summary>
    public string UrlFor(BookingQuery query, int page = 0, int? size = null)
    {
        var url = "bookings?" + query.ToQueryString(includeTimeZone: !IsBusinessZone);
        if ((size ?? PageSize) != PageSizes[0]) url += "&size=" + (size ?? PageSize).ToString(CultureInfo.InvariantCulture);
        if (page > 0) url += "&page=" + (page + 1).ToString(CultureInfo.InvariantCulture);
        return url;
    }

    /// <summary>A booking's page, in the zone this list shows (a page of its own, it knows only what its URL says).</summary>
    public string DetailsUrl(string uid) =>
        "bookings/" + Uri.EscapeDataString(uid) + (IsBusinessZone ? "" : "?tz=" + Uri.EscapeDataString(Query.TimeZone!));

    /// <summary>
    /// The view's rows and count, read now. A page beyond the end (the list shrank since its link was made) reads as the
    /// last page; a capped count's pages end at the cap.
    /// </summary>
    public async Task<BookingsGridData> LoadAsync(BookingList list, CancellationToken ct = default)
    {
        var view = this;
        var page = await list.PageAsync(Query, PageIndex, PageSize, ct);
        if (page.Rows.Count == 0 && page.Total > 0 && PageIndex > 0)
        {
            view = this with { PageIndex = (page.Total - 1) / PageSize };
            page = await list.PageAsync(Query, view.PageIndex, PageSize, ct);
        }
        if (page.MoreThanTotal) view = view with { PageIndex = Math.Min(view.PageIndex, (page.Total - 1) / PageSize) };
        var empty = page.Total == 0 ? await EmptyTextAsync(list, ct) : "";
        return new BookingsGridData(view, page.Rows, page.Total, page.MoreThanTotal, empty);
    }

    private async Task<string> EmptyTextAsync(BookingList list, CancellationToken ct)
    {
        if (Query.HasFilters) return "No bookings match these filters. Clear a filter or pick another tab to see more.";
        if (Query.Tab != BookingTab.All && await list.PageAsync(Query with { Tab = BookingTab.All }, 0, 1, ct) is { Total: > 0 })
            return Query.Tab switch
            {
                BookingTab.Upcoming => "No upcoming bookings: nothing is booked from now on.",
                BookingTab.Unconfirmed => "Nothing waits for confirmation: no upcoming booking is pending.",
                BookingTab.Past => "No past bookings yet.",
                BookingTab.Cancelled => "No cancelled, declined or rescheduled bookings.",
                _ => "No bookings.",
            };
        return "No bookings are mirrored yet: they arrive from Cal.com's webhooks and the first import.";
    }
}

/// <summary>One read of a <see cref="BookingsView"/>: what its grid draws (<see cref="BookingsGrid"/>).</summary>
public sealed record BookingsGridData(BookingsView View, IReadOnlyList<BookingRow> Rows, int Total, bool MoreThanTotal, string EmptyText);
