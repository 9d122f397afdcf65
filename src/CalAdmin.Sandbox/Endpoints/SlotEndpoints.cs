using System.Globalization;
using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Slots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Available slots and slot reservations, cal-api-version 2024-09-04.</summary>
internal static class SlotEndpoints
{
    public static void MapSlotEndpoints(this IEndpointRouteBuilder app, SandboxState state)
    {
        var availability = new Availability(state);
        var slots = app.MapGroup("/v2/slots").RequireCalApiVersion(ApiVersions.Slots);

        slots.MapGet("/", (HttpContext http) =>
        {
            var query = http.Request.Query;
            var timeZoneId = query["timeZone"].ToString() is { Length: > 0 } tz ? tz : "UTC";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
                return ApiResults.BadRequest(http, $"Invalid time zone: {timeZoneId}");
            if (!TryRangeBound(query["start"], zone, endOfDay: false, out var from))
                return ApiResults.BadRequest(http, "start must be a valid ISO 8601 date or date-time string");
            if (!TryRangeBound(query["end"], zone, endOfDay: true, out var to))
                return ApiResults.BadRequest(http, "end must be a valid ISO 8601 date or date-time string");
            if (to <= from) return ApiResults.BadRequest(http, "end must be after start");
            if (to - from > TimeSpan.FromDays(62)) return ApiResults.BadRequest(http, "The range between start and end may not exceed 2 months");
            var range = query["format"].ToString() == "range";
            var rescheduleUid = query["bookingUidToReschedule"].ToString() is { Length: > 0 } r ? r : null;

            lock (state.Gate)
            {
                var eventType = FindEventType(http, state);
                if (eventType is null)
                    return ApiResults.NotFound(http, "Event type not found. Pass eventTypeId, or eventTypeSlug with username or teamSlug.");
                // duration picks one of a multi-length event type's lengths; otherwise the default length (docs: slots, duration).
                var minutes = int.TryParse(query["duration"], out var d) && eventType.LengthOptions.Contains(d) ? d : eventType.LengthInMinutes;
                var length = TimeSpan.FromMinutes(minutes);
                var data = new SortedDictionary<string, List<object>>(StringComparer.Ordinal);
                foreach (var start in availability.SlotStarts(eventType, from, to, rescheduleUid, minutes))
                {
                    var local = TimeZoneInfo.ConvertTime(start, zone);
                    var day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    if (!data.TryGetValue(day, out var list)) data[day] = list = [];
                    list.Add(range
                        ? new { start = Format(local), end = Format(TimeZoneInfo.ConvertTime(start + length, zone)) }
                        : new { start = Format(local) });
                }

                return ApiResults.Success(data);
            }
        });

        slots.MapPost("/reservations", async (HttpContext http) =>
        {
            ReserveSlotRequest? request;
            try { request = await http.Request.ReadFromJsonAsync<ReserveSlotRequest>(ApiResults.Json, http.RequestAborted); }
            catch (System.Text.Json.JsonException) { request = null; }
            if (request?.EventTypeId is not int eventTypeId) return ApiResults.BadRequest(http, "eventTypeId must be a number");
            if (!BookingRules.TryParseStart(request.SlotStart, out var slotStart, out _))
                return ApiResults.BadRequest(http, "slotStart must be a valid ISO 8601 date string");

            lock (state.Gate)
            {
                if (state.FindEventType(eventTypeId) is not { } eventType) return ApiResults.NotFound(http, $"Event type with id={eventTypeId} not found");
                var duration = request.SlotDuration ?? eventType.LengthInMinutes;
                var slotEnd = slotStart.AddMinutes(duration);
                if (!availability.IsBookable(eventType, slotStart, slotEnd, null))
                    return ApiResults.BadRequest(http, "This time slot is not available or is already reserved.");
                var reservationMinutes = request.ReservationDuration ?? 5;
                var reservation = new SlotReservation(Guid.NewGuid().ToString(), eventType.Id, slotStart, slotEnd, state.Now.AddMinutes(reservationMinutes));
                state.Reservations.Add(reservation);
                return ApiResults.Success(new
                {
                    eventTypeId = eventType.Id, slotStart = ApiResults.Iso(slotStart), slotEnd = ApiResults.Iso(slotEnd), slotDuration = duration,
                    reservationUid = reservation.Uid, reservationDuration = reservationMinutes, reservationUntil = ApiResults.Iso(reservation.Until),
                }, StatusCodes.Status201Created);
            }
        });
    }

    private static SandboxEventType? FindEventType(HttpContext http, SandboxState state)
    {
        var query = http.Request.Query;
        if (int.TryParse(query["eventTypeId"], out var id)) return state.FindEventType(id);
        var slug = query["eventTypeSlug"].ToString();
        if (slug.Length == 0) return null;
        if (query["teamSlug"].ToString() is { Length: > 0 } teamSlug)
            return teamSlug == state.Team.Slug ? state.EventTypes.FirstOrDefault(e => e.IsTeamEvent && e.Slug == slug) : null;
        var owner = state.Users.FirstOrDefault(u => u.Username == query["username"].ToString());
        return owner is null ? null : state.EventTypes.FirstOrDefault(e => e.OwnerId == owner.Id && e.Slug == slug);
    }

    /// <summary>A date means the whole day in the requested time zone; a date-time is taken as given (UTC unless offset).</summary>
    private static bool TryRangeBound(string? text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue).AddDays(endOfDay ? 1 : 0);
            value = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            return true;
        }

        return BookingRules.TryParseStart(text, out value, out _);
    }

    private static string Format(DateTimeOffset local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
