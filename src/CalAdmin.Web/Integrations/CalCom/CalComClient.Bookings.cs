using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>The bookings list, read to the end in whichever paging the configured CalCom:ApiVersions:BookingsList uses.</summary>
public sealed partial class CalComClient
{
    private const string ReadBookings = "read bookings";

    /// <summary>Every booking matching the filter (a booking seen twice while paging counts once, in its latest state).</summary>
    public Task<IReadOnlyList<CalComBooking>> GetAllBookingsAsync(CalComBookingFilter? filter = null, CancellationToken cancellationToken = default) =>
        GetAllBookingsAsync(filter, onPage: null, cancellationToken);

    /// <param name="onPage">Called after each page Cal.com answered (e.g. to count them).</param>
    public async Task<IReadOnlyList<CalComBooking>> GetAllBookingsAsync(CalComBookingFilter? filter, Action? onPage, CancellationToken cancellationToken = default)
    {
        filter ??= new CalComBookingFilter();
        var bookings = CalComApiVersions.ListPagesByCursor(Options.ApiVersions.EffectiveBookingsList)
            ? await BookingsByCursorAsync(filter, onPage, cancellationToken).ConfigureAwait(false)
            : await BookingsByPageAsync(filter, onPage, cancellationToken).ConfigureAwait(false);
        return Latest(bookings);
    }

    /// <summary>
    /// 2026-05-01: <c>nextCursor</c> followed while <c>hasMore</c>. The list takes one status per call, so asked-for statuses
    /// are one series of calls each; no status walks every status in one series.
    /// </summary>
    private async Task<List<CalComBooking>> BookingsByCursorAsync(CalComBookingFilter filter, Action? onPage, CancellationToken cancellationToken)
    {
        IReadOnlyList<string?> statuses = filter.Statuses is { Count: > 0 } asked ? asked.Distinct().ToList<string?>() : [null];
        var (afterStart, beforeEnd, afterUpdatedAt, eventTypeIds) = QueryValues(filter);
        var all = new List<CalComBooking>();
        foreach (var status in statuses)
        {
            string? cursor = null;
            for (var page = 0; ; page++)
            {
                if (page == MaxPages) throw new CalComException($"Cal.com kept answering more pages after {MaxPages} pages", ReadBookings);
                var from = cursor;
                var answer = await CallAsync(ReadBookings,
                    ct => api.GetBookingsAsync(status, afterStart, beforeEnd, afterUpdatedAt, eventTypeIds, filter.TeamId, from, BookingsPage, ct),
                    cancellationToken).ConfigureAwait(false);
                all.AddRange(answer.Data ?? []);
                onPage?.Invoke();
                if (answer.Pagination is not { HasMore: true, NextCursor: { Length: > 0 } next }) break;
                // A cursor that does not move would read the same page forever.
                if (next == cursor) throw new CalComException("Cal.com answered the same page cursor twice", ReadBookings);
                cursor = next;
            }
        }
        return all;
    }

    /// <summary>Before 2026-05-01: take/skip with every status in one comma-separated filter, to the first short page.</summary>
    private async Task<IReadOnlyList<CalComBooking>> BookingsByPageAsync(CalComBookingFilter filter, Action? onPage, CancellationToken cancellationToken)
    {
        var status = filter.Statuses is { Count: > 0 } statuses ? string.Join(',', statuses) : null;
        var (afterStart, beforeEnd, afterUpdatedAt, eventTypeIds) = QueryValues(filter);
        return await PageAsync(ReadBookings, BookingsPage,
            (take, skip, ct) => api.GetBookingsByPageAsync(status, afterStart, beforeEnd, afterUpdatedAt, eventTypeIds, filter.TeamId, take, skip, ct),
            cancellationToken, onPage).ConfigureAwait(false);
    }

    private static (string? AfterStart, string? BeforeEnd, string? AfterUpdatedAt, string? EventTypeIds) QueryValues(CalComBookingFilter filter) => (
        CalComTime.Format(filter.AfterStart), CalComTime.Format(filter.BeforeEnd), CalComTime.Format(filter.AfterUpdatedAt),
        filter.EventTypeIds is { Count: > 0 } ids ? string.Join(',', ids) : null);

    /// <summary>
    /// One entry per uid, in the order first seen, holding the most recently updated state: pages read while Cal.com
    /// changes bookings can list one twice (take/skip pages shift; a booking of two statuses' series moves between them).
    /// </summary>
    private static List<CalComBooking> Latest(IEnumerable<CalComBooking> bookings)
    {
        var order = new List<string>();
        var byUid = new Dictionary<string, CalComBooking>();
        foreach (var b in bookings)
        {
            if (!byUid.TryGetValue(b.Uid, out var seen)) order.Add(b.Uid);
            else if (ChangedAt(b) < ChangedAt(seen)) continue;
            byUid[b.Uid] = b;
        }
        return order.Select(uid => byUid[uid]).ToList();
    }

    private static DateTimeOffset ChangedAt(CalComBooking b) => b.UpdatedAt ?? b.CreatedAt ?? b.Start;
}
