namespace CalAdmin.Web.Integrations.CalCom.Dtos;

// Bodies and answers of the booking edits in Cal.com's 2026 docs: guests, attendees and location (cal-api-version
// 2024-08-13, which these endpoints require) and request-reschedule (2026-02-25).

/// <summary>AddGuestsInput_2024_08_13: 1 to 10 guests a request, at most 30 on a booking.</summary>
public sealed record AddGuestsRequest(IReadOnlyList<BookingGuest> Guests);

/// <summary>Guest: only <see cref="Email"/> is required.</summary>
public sealed record BookingGuest(string Email, string? Name = null, string? TimeZone = null, string? PhoneNumber = null);

/// <summary>AddAttendeeInput_2024_08_13: name, timeZone and email are required.</summary>
public sealed record AddAttendeeRequest(string Name, string TimeZone, string Email, string? PhoneNumber = null, string? Language = null);

/// <summary>BookingAttendeeOutput_2024_08_13, the answer to adding an attendee (not the booking).</summary>
public sealed record CalComAddedAttendee(int? Id, int? BookingId, string? Name, string? Email, string? TimeZone, bool? Absent, string? PhoneNumber);

/// <summary>UpdateBookingLocationInput_2024_08_13.</summary>
public sealed record UpdateLocationRequest(BookingLocationInput Location);

/// <summary>
/// One of the Update*Location_2024_08_13 shapes, told apart by <see cref="Type"/>: <c>address</c> (Address),
/// <c>link</c> (Link), <c>phone</c> (Phone, the organizer's number) or <c>integration</c> (Integration, e.g. cal-video).
/// Only the field of its type is set (null fields are not written).
/// </summary>
public sealed record BookingLocationInput(string Type, string? Address = null, string? Link = null, string? Phone = null, string? Integration = null);

/// <summary>RequestRescheduleInput_2024_08_13.</summary>
public sealed record RequestRescheduleRequest(string? RescheduleReason = null);

/// <summary>RequestRescheduleOutput_2024_08_13: only a status; the booking is read back.</summary>
public sealed record CalComStatusResponse(string? Status);
