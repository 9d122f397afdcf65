using System.Text.Json;

namespace CalAdmin.Sandbox.Bookings;

// Request bodies of the 2024-08-13 booking operations; everything nullable so validation can name what is missing.

internal sealed record CreateBookingRequest(
    string? Start,
    BookingAttendeeInput? Attendee,
    int? EventTypeId,
    string? EventTypeSlug,
    string? Username,
    string? TeamSlug,
    List<string>? Guests,
    JsonElement? Location,
    string? MeetingUrl,
    Dictionary<string, JsonElement>? BookingFieldsResponses,
    Dictionary<string, string>? Metadata,
    int? LengthInMinutes);

internal sealed record BookingAttendeeInput(string? Name, string? Email, string? TimeZone, string? PhoneNumber, string? Language);

internal sealed record CancelBookingRequest(string? CancellationReason);

internal sealed record RescheduleBookingRequest(string? Start, string? RescheduledBy, string? ReschedulingReason);

internal sealed record ReasonRequest(string? Reason);

internal sealed record MarkAbsentRequest(bool? Host, List<MarkAbsentAttendee>? Attendees);

internal sealed record MarkAbsentAttendee(string? Email, bool? Absent);

internal sealed record ReserveSlotRequest(int? EventTypeId, string? SlotStart, int? SlotDuration, int? ReservationDuration);

// The booking edits of the 2026 docs (guests, attendees, location: 2024-08-13; request-reschedule: 2026-02-25).

internal sealed record AddGuestsRequest(List<GuestInput?>? Guests);

internal sealed record GuestInput(string? Email, string? Name, string? TimeZone, string? PhoneNumber, string? Language);

internal sealed record UpdateLocationRequest(JsonElement? Location);

internal sealed record RequestRescheduleRequest(string? RescheduleReason);
