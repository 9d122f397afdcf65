using System.Net.Mail;
using System.Security.Claims;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>
/// The booking edits of Cal.com's 2026 API: request a reschedule, add guests, add an attendee, change the location.
/// Each goes through the shared plumbing (call once, read back, apply via the mirror, audit, publish). Cal.com answers
/// request-reschedule with a status and add-attendee with the attendee, so those two read the booking back once.
/// </summary>
public sealed partial class BookingCommands
{
    /// <summary>Cal.com's limits on guests (2026 docs): 10 a request, 30 on a booking.</summary>
    public const int MaxGuestsPerRequest = 10;
    public const int MaxGuestsPerBooking = 30;

    /// <summary>
    /// Cal.com cancels the booking (its cancellation reason is the reason given) and e-mails the attendee a link to pick
    /// a new time; the new booking arrives later from Cal.com, as BOOKING_CREATED with the old uid as rescheduleUid.
    /// </summary>
    public Task<BookingActionResult> RequestRescheduleAsync(ClaimsPrincipal actor, string uid, string? reason, CancellationToken ct = default) =>
        ActAsync(actor, $"request-reschedule:{uid}", new BookingAction(uid, "booking.request-reschedule", "cancelled for a reschedule request",
            async () =>
            {
                await calCom.RequestRescheduleAsync(uid, Clean(reason), ct);
                return await calCom.GetBookingAsync(uid, ct);
            }, b => b.Status == CalComBookingStatuses.Cancelled)
        {
            Detail = new { reason = Clean(reason) },
            NoticeVerb = "cancelled: reschedule requested",
        }, _ => "Cal.com cancelled the booking and e-mailed the attendee a link to choose a new time. Their new booking will appear here when they pick one.", ct);

    public Task<BookingActionResult> AddGuestsAsync(ClaimsPrincipal actor, string uid, IReadOnlyList<string> emails, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        var guests = emails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ValidateGuests(guests) is { } problem) return Task.FromResult(BookingActionResult.Refused(problem));
        bool Added(CalComBooking b) => guests.All(g => HasPerson(b, g));
        return ActAsync(actor, $"guests:{uid}:{string.Join(',', guests.Select(g => g.ToLowerInvariant()).Order())}",
            new BookingAction(uid, "booking.add-guests", "updated",
                () => calCom.AddGuestsAsync(uid, guests.Select(g => new BookingGuest(g)).ToList(), ct), Added)
            {
                Detail = new { guests },
                NoticeVerb = "guests added",
            }, _ => guests.Count == 1 ? "The guest is added; Cal.com e-mails them the booking." : $"{guests.Count} guests are added; Cal.com e-mails them the booking.", ct);
    }

    public Task<BookingActionResult> AddAttendeeAsync(ClaimsPrincipal actor, string uid, NewAttendee attendee, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (ValidateAttendee(attendee) is { } problem) return Task.FromResult(BookingActionResult.Refused(problem));
        var email = attendee.Email.Trim();
        var body = new AddAttendeeRequest(attendee.Name.Trim(), attendee.TimeZone, email, Clean(attendee.PhoneNumber));
        return ActAsync(actor, $"attendee:{uid}:{email.ToLowerInvariant()}", new BookingAction(uid, "booking.add-attendee", "updated",
            async () =>
            {
                await calCom.AddAttendeeAsync(uid, body, ct);
                return await calCom.GetBookingAsync(uid, ct);
            }, b => HasPerson(b, email))
        {
            Detail = new { attendee = new { name = body.Name, email, timeZone = body.TimeZone } },
            NoticeVerb = "attendee added",
        }, _ => $"{body.Name} is added as an attendee; Cal.com e-mails them the booking.", ct);
    }

    public Task<BookingActionResult> ChangeLocationAsync(ClaimsPrincipal actor, string uid, LocationChoice location, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (LocationInput(location) is not { } input) return Task.FromResult(BookingActionResult.Refused(LocationProblem(location)!));
        var value = (location.Value ?? "").Trim();
        return ActAsync(actor, $"location:{uid}:{location.Kind}:{value}", new BookingAction(uid, "booking.location", "updated",
            () => calCom.UpdateLocationAsync(uid, input, ct), b => LocationMatches(b.Location, location.Kind, value))
        {
            Detail = new { location = new { kind = location.Kind.ToString(), value } },
            // Cal.com's meetingUrl is deprecated and the mirror keeps an old one when an answer has none: the old video
            // link must not outlive a move to an address or a phone.
            Adjust = row => row.MeetingUrl = location.Kind switch { LocationKind.Link => value, LocationKind.CalVideo => row.MeetingUrl, _ => null },
            NoticeVerb = "location changed",
        }, _ => "The location is changed in Cal.com; it tells the attendees.", ct);
    }

    public static string? ValidateGuests(IReadOnlyList<string> guests)
    {
        if (guests.Count == 0) return "Enter at least one guest's email address.";
        if (guests.Count > MaxGuestsPerRequest) return $"Cal.com takes at most {MaxGuestsPerRequest} guests at a time.";
        return guests.FirstOrDefault(g => !IsEmail(g)) is { } bad ? $"'{bad}' is not an email address." : null;
    }

    public static string? ValidateAttendee(NewAttendee a)
    {
        if (string.IsNullOrWhiteSpace(a.Name)) return "Enter the attendee's name.";
        if (!IsEmail(a.Email?.Trim())) return "Enter the attendee's email address.";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(a.TimeZone ?? "", out _)) return "Choose the attendee's time zone.";
        return null;
    }

    /// <summary>Why the choice cannot be sent, or null.</summary>
    public static string? LocationProblem(LocationChoice c) => c.Kind switch
    {
        LocationKind.CalVideo => null,
        LocationKind.Address when string.IsNullOrWhiteSpace(c.Value) => "Enter the address.",
        LocationKind.Link when BookingDetails.SafeLink(c.Value) is null => "Enter a link that starts with https:// or http://.",
        LocationKind.Phone when !IsPhone(c.Value) => "Enter the phone number in international format, e.g. +49 30 1234567.",
        _ => null,
    };

    private static BookingLocationInput? LocationInput(LocationChoice c)
    {
        if (LocationProblem(c) is not null) return null;
        var value = (c.Value ?? "").Trim();
        return c.Kind switch
        {
            LocationKind.Address => new BookingLocationInput("address", value),
            LocationKind.Link => new BookingLocationInput("link", value),
            LocationKind.Phone => new BookingLocationInput("phone", value),
            _ => new BookingLocationInput("integration", "cal-video"),
        };
    }

    /// <summary>How Cal.com writes the location back: the text itself, or "integrations:daily" for Cal Video.</summary>
    private static bool LocationMatches(string? location, LocationKind kind, string value) => kind == LocationKind.CalVideo
        ? string.Equals(location, "integrations:daily", StringComparison.OrdinalIgnoreCase)
        : string.Equals(location?.Trim(), value, StringComparison.Ordinal);

    private static bool HasPerson(CalComBooking b, string email) =>
        b.Attendees?.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)) == true
        || b.Guests?.Any(g => string.Equals(g, email, StringComparison.OrdinalIgnoreCase)) == true;

    private static bool IsEmail(string? text) => MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.');

    private static bool IsPhone(string? text) =>
        text?.Trim() is { Length: > 0 } t && t.StartsWith('+') && t.Skip(1).All(c => char.IsDigit(c) || c is ' ' or '-') && t.Count(char.IsDigit) is >= 7 and <= 15;
}

/// <summary>A person added to an existing booking as a full attendee.</summary>
public sealed record NewAttendee(string Name, string Email, string TimeZone, string? PhoneNumber = null);

public enum LocationKind { CalVideo, Address, Link, Phone }

/// <summary>A new location: <see cref="Value"/> is the address, link or phone number (none for Cal Video).</summary>
public sealed record LocationChoice(LocationKind Kind, string? Value);
