using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// The booking edits of the 2026 docs. Guests, attendees and location exist only with cal-api-version 2024-08-13
/// (Cal.com answers 404 without it; the sandbox names the header with 400, as everywhere); request-reschedule is an
/// operation of the 2026-02-25 bookings controller.
/// </summary>
internal static class BookingEditEndpoints
{
    public static void MapBookingEditEndpoints(this IEndpointRouteBuilder app, SandboxState state, BookingRules rules)
    {
        var edits = app.MapGroup("/v2/bookings").RequireCalApiVersion(ApiVersions.Bookings);

        edits.MapPost("/{uid}/guests", async (string uid, HttpContext http) =>
            Respond(http, state, rules.AddGuests(uid, await BookingEndpoints.ReadBodyAsync<AddGuestsRequest>(http))));

        edits.MapPost("/{uid}/attendees", async (string uid, HttpContext http) =>
        {
            var outcome = rules.AddAttendee(uid, await BookingEndpoints.ReadBodyAsync<BookingAttendeeInput>(http));
            if (!outcome.Ok) return ApiResults.Error(http, outcome.Status, outcome.Error!);
            lock (state.Gate)
            {
                var booking = state.FindBooking(uid)!;
                var a = outcome.Value!;
                return ApiResults.Success(new
                {
                    id = booking.Id * 100 + booking.Attendees.IndexOf(a), bookingId = booking.Id, name = a.Name, email = a.Email, displayEmail = a.Email,
                    timeZone = a.TimeZone, language = a.Language, absent = a.Absent, phoneNumber = a.PhoneNumber,
                }, StatusCodes.Status201Created);
            }
        });

        edits.MapPatch("/{uid}/location", async (string uid, HttpContext http) =>
            Respond(http, state, rules.UpdateLocation(uid, await BookingEndpoints.ReadBodyAsync<UpdateLocationRequest>(http))));

        app.MapPost("/v2/bookings/{uid}/request-reschedule", async (string uid, HttpContext http) =>
        {
            var outcome = rules.RequestReschedule(uid, (await BookingEndpoints.ReadBodyAsync<RequestRescheduleRequest>(http))?.RescheduleReason);
            return outcome.Ok ? Results.Json(new { status = "success" }, ApiResults.Json) : ApiResults.Error(http, outcome.Status, outcome.Error!);
        }).RequireCalApiVersion(ApiVersions.BookingActions);
    }

    private static IResult Respond(HttpContext http, SandboxState state, Outcome<SandboxBooking> outcome)
    {
        if (!outcome.Ok) return ApiResults.Error(http, outcome.Status, outcome.Error!);
        lock (state.Gate)
            return ApiResults.Success(BookingOutput.Of(outcome.Value!, state));
    }
}
