using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Bookings, cal-api-version 2024-08-13.</summary>
internal static class BookingEndpoints
{
    public static void MapBookingEndpoints(this IEndpointRouteBuilder app, SandboxState state, BookingRules rules)
    {
        var bookings = app.MapGroup("/v2/bookings").RequireCalApiVersion(ApiVersions.Bookings);

        bookings.MapGet("/", (HttpContext http) => ListBookings(http, state));

        bookings.MapGet("/{uid}", (string uid, HttpContext http) =>
        {
            lock (state.Gate)
                return state.FindBooking(uid) is { } booking
                    ? ApiResults.Success(BookingOutput.Of(booking, state))
                    : ApiResults.NotFound(http, $"Booking with uid={uid} not found");
        });

        bookings.MapPost("/", async (HttpContext http) =>
        {
            var request = await ReadBodyAsync<CreateBookingRequest>(http);
            if (request is null) return ApiResults.BadRequest(http, "Request body must be a JSON object");
            return Respond(http, state, rules.Create(request), StatusCodes.Status201Created);
        });

        bookings.MapPost("/{uid}/cancel", async (string uid, HttpContext http) =>
        {
            var request = await ReadBodyAsync<CancelBookingRequest>(http);
            return Respond(http, state, rules.Cancel(uid, request?.CancellationReason));
        });

        bookings.MapPost("/{uid}/reschedule", async (string uid, HttpContext http) =>
        {
            var request = await ReadBodyAsync<RescheduleBookingRequest>(http);
            if (request is null) return ApiResults.BadRequest(http, "start must be a valid ISO 8601 date string");
            return Respond(http, state, rules.Reschedule(uid, request), StatusCodes.Status201Created);
        });

        bookings.MapPost("/{uid}/reassign", async (string uid, HttpContext http) =>
            Reassigned(http, uid, rules.Reassign(uid, null, (await ReadBodyAsync<ReasonRequest>(http))?.Reason)));

        bookings.MapPost("/{uid}/reassign/{userId:int}", async (string uid, int userId, HttpContext http) =>
            Reassigned(http, uid, rules.Reassign(uid, userId, (await ReadBodyAsync<ReasonRequest>(http))?.Reason)));

        bookings.MapPost("/{uid}/confirm", (string uid, HttpContext http) => Respond(http, state, rules.Confirm(uid)));

        bookings.MapPost("/{uid}/decline", async (string uid, HttpContext http) =>
            Respond(http, state, rules.Decline(uid, (await ReadBodyAsync<ReasonRequest>(http))?.Reason)));

        bookings.MapPost("/{uid}/mark-absent", async (string uid, HttpContext http) =>
            Respond(http, state, rules.MarkAbsent(uid, await ReadBodyAsync<MarkAbsentRequest>(http) ?? new MarkAbsentRequest(null, null))));
    }

    private static IResult Respond(HttpContext http, SandboxState state, Outcome<SandboxBooking> outcome, int successStatus = StatusCodes.Status200OK)
    {
        if (!outcome.Ok) return ApiResults.Error(http, outcome.Status, outcome.Error!);
        lock (state.Gate)
            return ApiResults.Success(BookingOutput.Of(outcome.Value!, state), successStatus);
    }

    /// <summary>The running API answers {bookingUid, reassignedTo:{id,name,email}} (the booking's organizer), unlike the spec's schema.</summary>
    private static IResult Reassigned(HttpContext http, string uid, Outcome<SandboxUser> outcome) =>
        outcome.Ok
            ? ApiResults.Success(new { bookingUid = uid, reassignedTo = new { id = outcome.Value!.Id, name = outcome.Value.Name, email = outcome.Value.Email } })
            : ApiResults.Error(http, outcome.Status, outcome.Error!);

    private static async Task<T?> ReadBodyAsync<T>(HttpContext http) where T : class
    {
        if (http.Request.ContentLength == 0) return null;
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(ApiResults.Json, http.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IResult ListBookings(HttpContext http, SandboxState state)
    {
        var query = http.Request.Query;
        if (!Paging.TryRead(http, defaultTake: 100, out var paging, out var error)) return error!;

        var filters = new List<Func<SandboxBooking, bool>>();
        var statuses = query["status"].SelectMany(s => s!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var unknownStatus = statuses.FirstOrDefault(s => s is not ("upcoming" or "recurring" or "past" or "cancelled" or "unconfirmed"));
        if (unknownStatus is not null)
            return ApiResults.BadRequest(http, "each value in status must be one of the following values: upcoming, recurring, past, cancelled, unconfirmed");

        var now = state.Now;
        if (statuses.Count > 0)
            filters.Add(b => statuses.Any(s => s switch
            {
                "upcoming" => b.End >= now && BookingStatuses.BlocksTime(b.Status),
                "past" => b.End < now && BookingStatuses.BlocksTime(b.Status),
                "cancelled" => b.Status is BookingStatuses.Cancelled or BookingStatuses.Rejected,
                "unconfirmed" => b.End >= now && b.Status == BookingStatuses.Pending,
                _ => false, // no recurring bookings in the sandbox
            }));

        if (!TryDate(http, "afterStart", out var afterStart, out error) || !TryDate(http, "beforeEnd", out var beforeEnd, out error)
            || !TryDate(http, "afterUpdatedAt", out var afterUpdated, out error) || !TryDate(http, "beforeUpdatedAt", out var beforeUpdated, out error)
            || !TryDate(http, "afterCreatedAt", out var afterCreated, out error) || !TryDate(http, "beforeCreatedAt", out var beforeCreated, out error))
            return error!;
        if (afterStart is { } a) filters.Add(b => b.Start >= a);
        if (beforeEnd is { } e) filters.Add(b => b.End <= e);
        if (afterUpdated is { } au) filters.Add(b => b.UpdatedAt >= au);
        if (beforeUpdated is { } bu) filters.Add(b => b.UpdatedAt <= bu);
        if (afterCreated is { } ac) filters.Add(b => b.CreatedAt >= ac);
        if (beforeCreated is { } bc) filters.Add(b => b.CreatedAt <= bc);

        var eventTypeIds = Ints(query["eventTypeIds"]).Concat(Ints(query["eventTypeId"])).ToHashSet();
        if (eventTypeIds.Count > 0) filters.Add(b => eventTypeIds.Contains(b.EventTypeId));
        var attendeeEmail = query["attendeeEmail"].ToString();
        if (attendeeEmail.Length > 0) filters.Add(b => b.Attendees.Any(x => string.Equals(x.Email, attendeeEmail, StringComparison.OrdinalIgnoreCase)));
        var attendeeName = query["attendeeName"].ToString();
        if (attendeeName.Length > 0) filters.Add(b => b.Attendees.Any(x => x.Name.Contains(attendeeName, StringComparison.OrdinalIgnoreCase)));
        var bookingUid = query["bookingUid"].ToString();
        if (bookingUid.Length > 0) filters.Add(b => b.Uid == bookingUid);

        lock (state.Gate)
        {
            var teamIds = Ints(query["teamId"]).Concat(Ints(query["teamsIds"])).ToHashSet();
            if (teamIds.Count > 0)
                filters.Add(b => state.FindEventType(b.EventTypeId) is { } et
                    && (et.TeamId is int t && teamIds.Contains(t) || et.ParentEventTypeId is int p && state.FindEventType(p)?.TeamId is int pt && teamIds.Contains(pt)));

            IEnumerable<SandboxBooking> matches = state.Bookings.Where(b => filters.All(f => f(b)));
            matches = Sort(matches, query);
            var all = matches.ToList();
            var page = all.Skip(paging.Skip).Take(paging.Take).Select(b => BookingOutput.Of(b, state)).ToList();
            return ApiResults.Paged(page, Pagination.Of(all.Count, paging.Skip, paging.Take, page.Count));
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

    private static IEnumerable<int> Ints(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(v => int.TryParse(v, out var n) ? n : -1);

    private static bool TryDate(HttpContext http, string name, out DateTimeOffset? value, out IResult? error)
    {
        value = null;
        error = null;
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return true;
        if (BookingRules.TryParseStart(text, out var parsed, out _))
        {
            value = parsed;
            return true;
        }

        error = ApiResults.BadRequest(http, $"{name} must be a valid ISO 8601 date string");
        return false;
    }
}
