using System.Net.Mail;
using System.Text.Json;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;

namespace CalAdmin.Sandbox.Bookings;

/// <summary>
/// The booking edits of Cal.com's 2026 API: request a reschedule, add guests, add an attendee, change the location.
/// Limits and validation follow the 2026 docs pages (guests: 1–10 a request, 30 on a booking; no seated bookings;
/// attendee: name, timeZone and email required; location: one of the Update*Location_2024_08_13 shapes). Texts that
/// are class-validator's ("x must be an email") are written as it writes them; the others are the sandbox's words.
/// </summary>
internal sealed partial class BookingRules
{
    public const int MaxGuestsPerRequest = 10;
    public const int MaxGuestsPerBooking = 30;

    /// <summary>
    /// Cal.com cancels the booking, marks it rescheduled with the reason as its cancellation reason, e-mails the attendee a
    /// link to book again, and fires BOOKING_CANCELLED with <c>requestReschedule: true</c>.
    /// </summary>
    public Outcome<SandboxBooking> RequestReschedule(string uid, string? reason)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (!BookingStatuses.BlocksTime(booking.Status))
                return Outcome<SandboxBooking>.Refused(400, $"Booking with uid={uid} is {booking.Status} and cannot be rescheduled.");
            if (booking.End <= state.Now) return Outcome<SandboxBooking>.Refused(400, "Cannot request a reschedule of a booking that has ended.");
            booking.Status = BookingStatuses.Cancelled;
            booking.Rescheduled = true;
            booking.CancellationReason = reason;
            booking.CancelledByEmail = state.Me.Email;
            booking.UpdatedAt = state.Now;
            var payload = WebhookPayloads.ForBooking(WebhookTriggers.BookingCancelled, booking, state);
            payload["requestReschedule"] = true;
            webhooks.Publish(WebhookTriggers.BookingCancelled, booking, payload);
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    /// <summary>Guests become attendees of the booking (and its <c>guests</c> answer); one already on it is not added twice.</summary>
    public Outcome<SandboxBooking> AddGuests(string uid, AddGuestsRequest? request)
    {
        if (request?.Guests is not { } guests) return Outcome<SandboxBooking>.Refused(400, "guests must be an array");
        if (guests.Count == 0) return Outcome<SandboxBooking>.Refused(400, "guests must contain at least 1 elements");
        if (guests.Count > MaxGuestsPerRequest) return Outcome<SandboxBooking>.Refused(400, $"guests must contain no more than {MaxGuestsPerRequest} elements");
        for (var i = 0; i < guests.Count; i++)
            if (!IsEmail(guests[i]?.Email)) return Outcome<SandboxBooking>.Refused(400, $"guests.{i}.email must be an email");
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (Editable(booking) is { } refusal) return refusal;
            var added = guests.Select(g => g!).Where(g => !HasPerson(booking, g.Email!))
                .DistinctBy(g => g.Email!.ToLowerInvariant()).ToList();
            if (booking.Guests.Count + added.Count > MaxGuestsPerBooking)
                return Outcome<SandboxBooking>.Refused(400, $"A booking can have at most {MaxGuestsPerBooking} guests; it has {booking.Guests.Count}.");
            foreach (var g in added)
            {
                booking.Attendees.Add(new SandboxAttendee
                {
                    Name = g.Name ?? "", Email = g.Email!, TimeZone = g.TimeZone ?? booking.Attendees.FirstOrDefault()?.TimeZone ?? "UTC",
                    PhoneNumber = g.PhoneNumber, Language = g.Language ?? "en",
                });
                booking.Guests.Add(g.Email!);
            }
            if (booking.Guests.Count > 0) booking.BookingFieldsResponses["guests"] = booking.Guests.ToList();
            booking.UpdatedAt = state.Now;
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    public Outcome<SandboxAttendee> AddAttendee(string uid, BookingAttendeeInput? request)
    {
        if (string.IsNullOrWhiteSpace(request?.Name)) return Outcome<SandboxAttendee>.Refused(400, "name must be a string");
        if (!IsEmail(request.Email)) return Outcome<SandboxAttendee>.Refused(400, "email must be an email");
        if (string.IsNullOrWhiteSpace(request.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _))
            return Outcome<SandboxAttendee>.Refused(400, "timeZone must be a valid IANA time zone");
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return Outcome<SandboxAttendee>.Refused(404, $"Booking with uid={uid} not found");
            if (Editable(booking) is { } refusal) return Outcome<SandboxAttendee>.Refused(refusal.Status, refusal.Error!);
            if (HasPerson(booking, request.Email!))
                return Outcome<SandboxAttendee>.Refused(400, $"Attendee with email {request.Email} is already part of this booking");
            var attendee = new SandboxAttendee
            {
                Name = request.Name!, Email = request.Email!, TimeZone = request.TimeZone!, PhoneNumber = request.PhoneNumber, Language = request.Language ?? "en",
            };
            booking.Attendees.Add(attendee);
            booking.UpdatedAt = state.Now;
            return Outcome<SandboxAttendee>.Done(attendee);
        }
    }

    /// <summary>The location as Cal.com stores it: the address, link or phone itself, or the integration's app location.</summary>
    public Outcome<SandboxBooking> UpdateLocation(string uid, UpdateLocationRequest? request)
    {
        if (request?.Location is not { ValueKind: JsonValueKind.Object } location) return Outcome<SandboxBooking>.Refused(400, "location must be an object");
        var type = Text(location, "type");
        string? stored = type switch
        {
            "address" or "attendeeAddress" => Text(location, "address"),
            "link" => Uri.TryCreate(Text(location, "link"), UriKind.Absolute, out var link) && link.Scheme is "http" or "https" ? link.OriginalString : null,
            "phone" or "attendeePhone" => Text(location, "phone"),
            "attendeeDefined" => Text(location, "location"),
            "integration" => Text(location, "integration") switch
            {
                "cal-video" => "integrations:daily",
                { Length: > 0 } app => $"integrations:{app.Replace("-video", "")}",
                _ => null,
            },
            _ => null,
        };
        if (type is null) return Outcome<SandboxBooking>.Refused(400, "location.type must be a string");
        if (stored is null)
            return Outcome<SandboxBooking>.Refused(400, type is "link" ? "location.link must be a URL address" : $"location of type '{type}' is missing or has an empty value");
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (Editable(booking) is { } refusal) return refusal;
            booking.Location = stored;
            booking.MeetingUrl = stored.StartsWith("http", StringComparison.Ordinal) ? stored : stored == "integrations:daily" ? $"https://app.cal.com/video/{booking.Uid}" : null;
            booking.UpdatedAt = state.Now;
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    /// <summary>A cancelled or declined booking is not edited (400). The sandbox has no seated event types (Cal.com refuses those with 400 too).</summary>
    private static Outcome<SandboxBooking>? Editable(SandboxBooking booking) =>
        BookingStatuses.BlocksTime(booking.Status)
            ? null
            : Outcome<SandboxBooking>.Refused(400, $"Booking with uid={booking.Uid} is {booking.Status} and cannot be changed.");

    private static bool HasPerson(SandboxBooking booking, string email) =>
        booking.Attendees.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    private static bool IsEmail(string? text) => !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text, out var a) && a.Address == text;

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && s.Trim().Length > 0 ? s.Trim() : null;
}
