using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Booking actions, cal-api-version 2024-08-13 or 2026-02-25 (same shapes); the list is <see cref="BookingListEndpoint"/>.</summary>
internal static class BookingEndpoints
{
    public static void MapBookingEndpoints(this IEndpointRouteBuilder app, SandboxState state, BookingRules rules, SandboxOptions options)
    {
        app.MapBookingList(state, options);
        var bookings = app.MapGroup("/v2/bookings").RequireCalApiVersion(ApiVersions.Bookings, ApiVersions.BookingActions);

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
            MayReassign(http, state, uid) ?? Reassigned(http, uid, rules.Reassign(uid, null, (await ReadBodyAsync<ReasonRequest>(http))?.Reason)));

        bookings.MapPost("/{uid}/reassign/{userId:int}", async (string uid, int userId, HttpContext http) =>
            MayReassign(http, state, uid) ?? Reassigned(http, uid, rules.Reassign(uid, userId, (await ReadBodyAsync<ReasonRequest>(http))?.Reason)));

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

    /// <summary>Reassignment is for admins and owners of the booking's event type (403 otherwise); an unknown booking is left to the rules.</summary>
    private static IResult? MayReassign(HttpContext http, SandboxState state, string uid)
    {
        lock (state.Gate)
            return state.FindBooking(uid) is { } booking
                ? Permissions.RequireEventTypeAdmin(http, state, http.KeyUser(state), state.FindEventType(booking.EventTypeId))
                : null;
    }

    /// <summary>The running API answers {bookingUid, reassignedTo:{id,name,email}} (the booking's organizer), unlike the spec's schema.</summary>
    private static IResult Reassigned(HttpContext http, string uid, Outcome<SandboxUser> outcome) =>
        outcome.Ok
            ? ApiResults.Success(new { bookingUid = uid, reassignedTo = new { id = outcome.Value!.Id, name = outcome.Value.Name, email = outcome.Value.Email } })
            : ApiResults.Error(http, outcome.Status, outcome.Error!);

    /// <summary>The request's JSON body, or null when it is empty or not JSON (the booking and booking-edit endpoints).</summary>
    internal static async Task<T?> ReadBodyAsync<T>(HttpContext http) where T : class
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
}
