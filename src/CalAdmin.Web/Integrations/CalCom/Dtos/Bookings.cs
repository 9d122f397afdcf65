using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>
/// A booking as Cal.com answers it (2024-08-13). <see cref="Status"/> is accepted, pending, cancelled or rejected
/// (text: an unknown status must not break a sync). Instants are UTC.
/// </summary>
public sealed record CalComBooking(
    int Id,
    string Uid,
    string? Title,
    string? Description,
    string? Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    int? Duration,
    int? EventTypeId,
    CalComBookingEventType? EventType,
    IReadOnlyList<CalComBookingHost>? Hosts,
    IReadOnlyList<CalComBookingAttendee>? Attendees,
    IReadOnlyList<string>? Guests,
    string? Location,
    string? MeetingUrl,
    bool? AbsentHost,
    string? CancellationReason,
    string? CancelledByEmail,
    string? ReschedulingReason,
    string? RescheduledByEmail,
    string? RescheduledFromUid,
    string? RescheduledToUid,
    string? RecurringBookingUid,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    JsonElement? Metadata,
    JsonElement? BookingFieldsResponses);

public sealed record CalComBookingEventType(int Id, string? Slug);

/// <summary>For round-robin bookings hosts[0] is the assigned host.</summary>
public sealed record CalComBookingHost(int Id, string? Name, string? Email, string? Username, string? TimeZone);

public sealed record CalComBookingAttendee(
    string? Name,
    string? Email,
    string? TimeZone,
    string? Language,
    bool? Absent,
    string? PhoneNumber,
    string? SeatUid);

public static class CalComBookingStatuses
{
    public const string Accepted = "accepted";
    public const string Pending = "pending";
    public const string Cancelled = "cancelled";
    public const string Rejected = "rejected";
}

/// <summary>Values of the <c>status</c> filter of GET /v2/bookings.</summary>
public static class CalComBookingListStatuses
{
    public const string Upcoming = "upcoming";
    public const string Recurring = "recurring";
    public const string Past = "past";
    public const string Cancelled = "cancelled";
    public const string Unconfirmed = "unconfirmed";
}

/// <summary>
/// Booking actions answer one booking, or an array for recurring bookings: both read as a list.
/// </summary>
public sealed record CalComBookingsResponse(
    string? Status,
    [property: JsonConverter(typeof(OneOrManyBookingsConverter))] IReadOnlyList<CalComBooking>? Data);

/// <summary>
/// What reassign answers. The spec documents a booking; the running API answers
/// <c>{bookingUid, reassignedTo:{id,name,email}}</c>.
/// </summary>
public sealed record CalComReassignment(string? BookingUid, CalComReassignedHost? ReassignedTo);

public sealed record CalComReassignedHost(int Id, string? Name, string? Email);

public sealed record CreateBookingRequest(
    DateTimeOffset Start,
    CreateBookingAttendee Attendee,
    int? EventTypeId = null,
    int? LengthInMinutes = null,
    IReadOnlyList<string>? Guests = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyDictionary<string, JsonElement>? BookingFieldsResponses = null);

public sealed record CreateBookingAttendee(
    string Name,
    string TimeZone,
    string? Email = null,
    string? PhoneNumber = null,
    string? Language = null);

public sealed record CancelBookingRequest(string? CancellationReason = null, bool? CancelSubsequentBookings = null);

public sealed record RescheduleBookingRequest(
    DateTimeOffset Start,
    string? ReschedulingReason = null,
    string? RescheduledBy = null);

public sealed record ReassignBookingToUserRequest(string? Reason = null);

public sealed record DeclineBookingRequest(string? Reason = null);

public sealed record MarkAbsentRequest(bool? Host = null, IReadOnlyList<MarkAbsentAttendee>? Attendees = null);

public sealed record MarkAbsentAttendee(string Email, bool Absent);
