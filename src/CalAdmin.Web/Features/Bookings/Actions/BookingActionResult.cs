namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>What an action came to; <see cref="Message"/> is plain text for the person who clicked.</summary>
public sealed record BookingActionResult(bool Succeeded, string Message, string? BookingUid = null)
{
    /// <summary>A second submission of an action already running (or just done): it got the first one's result.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Cal.com did not answer and reading the booking back could not tell whether the action happened.</summary>
    public bool Uncertain { get; init; }

    public static BookingActionResult Done(string message, string uid) => new(true, message, uid);
    public static BookingActionResult Refused(string message) => new(false, message);
}

/// <summary>A new booking as the attendee form fills it; <see cref="Fields"/> answers the event type's own questions by slug.</summary>
public sealed record NewBooking(
    int EventTypeId,
    DateTimeOffset Start,
    string Name,
    string Email,
    string TimeZone,
    string? PhoneNumber = null,
    IReadOnlyDictionary<string, string>? Fields = null,
    int? LengthInMinutes = null);

public sealed record AttendeeAbsence(string Email, bool Absent);
