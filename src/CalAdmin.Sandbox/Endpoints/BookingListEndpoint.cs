using System.Text;
using System.Text.Json;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// GET /v2/bookings in the two versions Cal.com serves by header: 2024-08-13 (take/skip, PaginationMetaDto computed
/// as apps/api/v2/src/lib/pagination/pagination.ts does) and 2026-05-01 (cursor/limit, one status per call, as the
/// 2026 docs' api-reference/v2/bookings/get-all-bookings page gives it).
/// </summary>
internal static class BookingListEndpoint
{
    public const int MaxLimit = 100;
    private const int DefaultLimit = 50;

    public static void MapBookingList(this IEndpointRouteBuilder app, SandboxState state, SandboxOptions options) =>
        app.MapGet("/v2/bookings", (HttpContext http) => http.Request.Headers[ApiVersions.Header].ToString() switch
        {
            ApiVersions.Bookings => ByPage(http, state, options),
            ApiVersions.BookingsList => ByCursor(http, state),
            _ => ApiVersions.Refuse(http, ApiVersions.Bookings, ApiVersions.BookingsList),
        });

    /// <summary>2024-08-13: <c>status</c> may list several (comma-separated or repeated); take ≤ 250, default 100.</summary>
    private static IResult ByPage(HttpContext http, SandboxState state, SandboxOptions options)
    {
        if (!Paging.TryRead(http, defaultTake: 100, out var paging, out var error)) return error!;
        var statuses = http.Request.Query["status"].SelectMany(s => s!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (statuses.Any(s => !BookingListFilter.Statuses.Contains(s)))
            return ApiResults.BadRequest(http, "each value in " + BookingListFilter.StatusMessage);
        if (!BookingListFilter.TryRead(http, statuses, out var filter, out error)) return error!;

        lock (state.Gate)
        {
            var all = Sort(filter.Matches(state), http.Request.Query).ToList();
            var page = all.Skip(paging.Skip).Take(paging.Take).Select(b => BookingOutput.Of(b, state)).ToList();
            int? total = options.BookingsTotal switch
            {
                BookingsTotal.Underestimate => all.Count / 2,
                BookingsTotal.Null => null,
                _ => all.Count,
            };
            return ApiResults.Paged(page, BookingsPagination.Of(paging.Skip, paging.Take, total));
        }
    }

    /// <summary>
    /// 2026-05-01: one <c>status</c> (none walks all), <c>limit</c> 1–100 (default 50), <c>cursor</c> = the previous page's
    /// <c>nextCursor</c>. The order follows the status as the docs' table gives it: upcoming, recurring and unconfirmed
    /// forward in time, past, cancelled and none backward. The sort parameters do not change a cursor walk.
    /// </summary>
    private static IResult ByCursor(HttpContext http, SandboxState state)
    {
        var query = http.Request.Query;
        var status = query["status"];
        if (status.Count > 1 || status.Count == 1 && !BookingListFilter.Statuses.Contains(status[0]))
            return ApiResults.BadRequest(http, BookingListFilter.StatusMessage);
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var l))
        {
            if (!int.TryParse(l, out limit) || limit < 1) return ApiResults.BadRequest(http, "limit must not be less than 1");
            if (limit > MaxLimit) return ApiResults.BadRequest(http, $"limit must not be greater than {MaxLimit}");
        }
        Cursor? after = null;
        if (query["cursor"].ToString() is { Length: > 0 } text && !Cursor.TryParse(text, out after))
            return ApiResults.BadRequest(http, "Invalid cursor");
        if (!BookingListFilter.TryRead(http, status.Count == 1 ? [status[0]!] : [], out var filter, out var error)) return error!;

        var forward = status.Count == 1 && status[0] is "upcoming" or "recurring" or "unconfirmed";
        lock (state.Gate)
        {
            var ordered = forward
                ? filter.Matches(state).OrderBy(b => b.Start).ThenBy(b => b.Id)
                : filter.Matches(state).OrderByDescending(b => b.Start).ThenByDescending(b => b.Id);
            var rest = after is null ? ordered : ordered.Where(b => after.IsBefore(b, forward));
            var window = rest.Take(limit + 1).ToList();
            var page = window.Take(limit).ToList();
            var hasMore = window.Count > limit;
            var nextCursor = hasMore ? Cursor.Of(page[^1]).ToString() : null;
            return TypedResults.Json(new
            {
                status = "success",
                data = page.Select(b => BookingOutput.Of(b, state)).ToList(),
                pagination = new { nextCursor, hasMore },
            }, ApiResults.Json);
        }
    }

    private static IEnumerable<SandboxBooking> Sort(IEnumerable<SandboxBooking> bookings, IQueryCollection query)
    {
        (string Param, Func<SandboxBooking, DateTimeOffset> Key)[] sorts =
        [
            ("sortStart", b => b.Start), ("sortEnd", b => b.End), ("sortCreated", b => b.CreatedAt), ("sortUpdatedAt", b => b.UpdatedAt),
        ];
        foreach (var (param, key) in sorts)
            if (query[param].ToString() is var direction && direction is "asc" or "desc")
                return direction == "asc" ? bookings.OrderBy(key).ThenBy(b => b.Id) : bookings.OrderByDescending(key).ThenBy(b => b.Id);
        return bookings.OrderBy(b => b.Start).ThenBy(b => b.Id);
    }

    /// <summary>An opaque position: base64url of the last listed booking's start and id (Cal.com's is a uuid bound).</summary>
    private sealed record Cursor(long StartTicks, int Id)
    {
        public static Cursor Of(SandboxBooking b) => new(b.Start.UtcTicks, b.Id);

        /// <summary>Whether <paramref name="b"/> comes after this position in the walk's direction.</summary>
        public bool IsBefore(SandboxBooking b, bool forward)
        {
            var order = b.Start.UtcTicks != StartTicks ? b.Start.UtcTicks.CompareTo(StartTicks) : b.Id.CompareTo(Id);
            return forward ? order > 0 : order < 0;
        }

        public override string ToString() =>
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { v = 1, start = StartTicks, id = Id })).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string text, out Cursor? cursor)
        {
            cursor = null;
            try
            {
                var base64 = text.Replace('-', '+').Replace('_', '/');
                var json = JsonDocument.Parse(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='))).RootElement;
                cursor = new Cursor(json.GetProperty("start").GetInt64(), json.GetProperty("id").GetInt32());
                return true;
            }
            catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return false;
            }
        }
    }
}

/// <summary>
/// PaginationMetaDto of the 2024-08-13 list, computed as Cal.com's getPagination does: from skip, take and the total
/// (not from the rows returned), <c>itemsReturned</c> (not the spec's returnedItems) and
/// <c>hasNextPage = skip + take &lt; total</c>. A null total counts as 0 in that arithmetic, as in JavaScript.
/// </summary>
internal sealed record BookingsPagination(int ItemsReturned, int? TotalItems, int ItemsPerPage, int RemainingItems, int CurrentPage,
    int TotalPages, bool HasNextPage, bool HasPreviousPage)
{
    public static BookingsPagination Of(int skip, int take, int? totalItems)
    {
        var total = totalItems ?? 0;
        var safeSkip = Math.Clamp(skip, 0, total);
        var totalPages = take == 0 ? 0 : (total + take - 1) / take;
        return new BookingsPagination(
            ItemsReturned: Math.Clamp(total - safeSkip, 0, take),
            TotalItems: totalItems,
            ItemsPerPage: take,
            RemainingItems: Math.Clamp(total - (safeSkip + take), 0, total),
            CurrentPage: totalPages == 0 ? 0 : Math.Clamp(safeSkip / take + 1, 1, totalPages),
            TotalPages: totalPages,
            HasNextPage: safeSkip + take < total,
            HasPreviousPage: safeSkip > 0);
    }
}
