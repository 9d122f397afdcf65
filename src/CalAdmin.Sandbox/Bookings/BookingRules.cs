using System.Globalization;
using System.Text.Json;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Slots;
using CalAdmin.Sandbox.Webhooks;

namespace CalAdmin.Sandbox.Bookings;

/// <summary>The result of a booking rule: the booking it produced, or the HTTP status and Cal.com message it refused with.</summary>
internal readonly record struct Outcome<T>(T? Value, int Status, string? Error)
{
    public bool Ok => Error is null;
    public static Outcome<T> Done(T value) => new(value, 200, null);
    public static Outcome<T> Refused(int status, string error) => new(default, status, error);
}

/// <summary>
/// How Cal.com creates and changes bookings: slot and host checks, host selection for round robin,
/// the reschedule chain, confirmation, reassignment, no-shows, and the webhook each change fires.
/// Every rule runs under the state lock so a check and the change it guards cannot interleave.
/// </summary>
internal sealed partial class BookingRules(SandboxState state, WebhookDispatcher webhooks)
{
    private readonly Availability availability = new(state);

    public Outcome<SandboxBooking> Create(CreateBookingRequest request)
    {
        if (!TryParseStart(request.Start, out var start, out var startError)) return Outcome<SandboxBooking>.Refused(400, startError);
        if (request.Attendee is not { } attendee) return Outcome<SandboxBooking>.Refused(400, "attendee should not be null or undefined");
        if (string.IsNullOrWhiteSpace(attendee.Name)) return Outcome<SandboxBooking>.Refused(400, "attendee.name must be a string");
        if (string.IsNullOrWhiteSpace(attendee.Email) || !attendee.Email.Contains('@')) return Outcome<SandboxBooking>.Refused(400, "attendee.email must be an email");
        if (string.IsNullOrWhiteSpace(attendee.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(attendee.TimeZone, out _))
            return Outcome<SandboxBooking>.Refused(400, "attendee.timeZone must be a valid IANA time zone");

        lock (state.Gate)
        {
            var eventType = ResolveEventType(request);
            if (eventType is null) return Outcome<SandboxBooking>.Refused(404, "Event type not found");
            if (eventType.SchedulingType == SchedulingTypes.Managed && eventType.IsTeamEvent)
                return Outcome<SandboxBooking>.Refused(400, "A managed event type cannot be booked directly; book the child event type of one of its hosts.");
            if (request.LengthInMinutes is not null && eventType.LengthOptions.Count == 0)
                return Outcome<SandboxBooking>.Refused(400, CalComMessages.NoMultipleLengths);
            if (request.LengthInMinutes is int chosen && !eventType.LengthOptions.Contains(chosen))
                return Outcome<SandboxBooking>.Refused(400, CalComMessages.LengthNotAnOption(eventType.LengthOptions));

            var missing = eventType.BookingFields
                .Where(f => f.Required && (request.BookingFieldsResponses is null || !request.BookingFieldsResponses.TryGetValue(f.Slug, out var v) || IsEmpty(v)))
                .Select(f => f.Slug).ToList();
            if (missing.Count > 0) return Outcome<SandboxBooking>.Refused(400, CalComMessages.MissingRequiredFields(missing));

            var end = start.AddMinutes(request.LengthInMinutes ?? eventType.LengthInMinutes);
            if (start < state.Now) return Outcome<SandboxBooking>.Refused(400, "Attempting to book a meeting in the past.");
            var hostIds = PickHosts(eventType, start, end, ignoreBookingUid: null, preferredHostId: null);
            if (hostIds is null) return Outcome<SandboxBooking>.Refused(400, CalComMessages.NoAvailableUsers);

            var now = state.Now;
            var booking = new SandboxBooking
            {
                Id = state.NextBookingId(),
                Uid = state.NewUid(),
                Title = $"{eventType.Title} between {state.FindUser(hostIds[0])!.Name} and {attendee.Name}",
                EventTypeId = eventType.Id,
                Start = start,
                End = end,
                Status = eventType.RequiresConfirmation ? BookingStatuses.Pending : BookingStatuses.Accepted,
                Location = LocationOf(request.Location) ?? "integrations:daily",
                CreatedAt = now,
                UpdatedAt = now,
            };
            booking.MeetingUrl = request.MeetingUrl ?? $"https://app.cal.com/video/{booking.Uid}";
            booking.HostIds.AddRange(hostIds);
            booking.Attendees.Add(new SandboxAttendee
            {
                Name = attendee.Name!, Email = attendee.Email!, TimeZone = attendee.TimeZone!, PhoneNumber = attendee.PhoneNumber,
                Language = attendee.Language ?? "en",
            });
            booking.Guests.AddRange(request.Guests ?? []);
            booking.BookingFieldsResponses["name"] = attendee.Name;
            booking.BookingFieldsResponses["email"] = attendee.Email;
            if (booking.Guests.Count > 0) booking.BookingFieldsResponses["guests"] = booking.Guests.ToList();
            foreach (var (slug, value) in request.BookingFieldsResponses ?? [])
                booking.BookingFieldsResponses[slug] = ToPlain(value);
            foreach (var (key, value) in request.Metadata ?? []) booking.Metadata[key] = value;
            state.Bookings.Add(booking);

            var trigger = eventType.RequiresConfirmation ? WebhookTriggers.BookingRequested : WebhookTriggers.BookingCreated;
            webhooks.Publish(trigger, booking, WebhookPayloads.ForBooking(trigger, booking, state));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    public Outcome<SandboxBooking> Cancel(string uid, string? reason)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (!BookingStatuses.BlocksTime(booking.Status)) return Outcome<SandboxBooking>.Refused(400, "This booking has already been cancelled.");
            booking.Status = BookingStatuses.Cancelled;
            booking.CancellationReason = reason;
            booking.CancelledByEmail = state.Me.Email;
            booking.UpdatedAt = state.Now;
            webhooks.Publish(WebhookTriggers.BookingCancelled, booking, WebhookPayloads.ForBooking(WebhookTriggers.BookingCancelled, booking, state));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    /// <summary>Rescheduling makes a new booking with a new uid; the old one is cancelled and points to it.</summary>
    public Outcome<SandboxBooking> Reschedule(string uid, RescheduleBookingRequest request)
    {
        if (!TryParseStart(request.Start, out var start, out var startError)) return Outcome<SandboxBooking>.Refused(400, startError);
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } old) return NotFound(uid);
            if (!BookingStatuses.BlocksTime(old.Status))
                return Outcome<SandboxBooking>.Refused(400, $"Booking with uid={uid} is {old.Status} and cannot be rescheduled.");
            var eventType = state.FindEventType(old.EventTypeId)!;
            if (start < state.Now) return Outcome<SandboxBooking>.Refused(400, "Attempting to book a meeting in the past.");
            var end = start + (old.End - old.Start);
            var hostIds = PickHosts(eventType, start, end, ignoreBookingUid: old.Uid, preferredHostId: RoundRobinHostOf(old, eventType));
            if (hostIds is null) return Outcome<SandboxBooking>.Refused(400, CalComMessages.NoAvailableUsers);

            // getRequiresConfirmationFlags: only the original organizer rescheduling a booking that was not pending skips confirmation.
            var byOrganizer = request.RescheduledBy is { Length: > 0 } by
                && string.Equals(by, state.FindUser(old.HostIds.FirstOrDefault())?.Email, StringComparison.OrdinalIgnoreCase);
            var pending = eventType.RequiresConfirmation && !(byOrganizer && old.Status != BookingStatuses.Pending);
            var now = state.Now;
            var booking = new SandboxBooking
            {
                Id = state.NextBookingId(),
                Uid = state.NewUid(),
                Title = old.Title,
                Description = old.Description,
                EventTypeId = old.EventTypeId,
                Start = start,
                End = end,
                Status = pending ? BookingStatuses.Pending : BookingStatuses.Accepted,
                RescheduledByEmail = request.RescheduledBy,
                Location = old.Location,
                RescheduledFromUid = old.Uid,
                ReschedulingReason = request.ReschedulingReason,
                CreatedAt = now,
                UpdatedAt = now,
            };
            booking.MeetingUrl = $"https://app.cal.com/video/{booking.Uid}";
            booking.HostIds.AddRange(hostIds);
            booking.Attendees.AddRange(old.Attendees.Select(a => new SandboxAttendee
            {
                Name = a.Name, Email = a.Email, TimeZone = a.TimeZone, Language = a.Language, PhoneNumber = a.PhoneNumber,
            }));
            booking.Guests.AddRange(old.Guests);
            foreach (var (key, value) in old.BookingFieldsResponses) booking.BookingFieldsResponses[key] = value;
            foreach (var (key, value) in old.Metadata) booking.Metadata[key] = value;

            old.Status = BookingStatuses.Cancelled;
            old.Rescheduled = true;
            old.RescheduledToUid = booking.Uid;
            old.ReschedulingReason = request.ReschedulingReason;
            old.UpdatedAt = now;
            state.Bookings.Add(booking);

            // handleNewBooking fires BOOKING_REQUESTED (with rescheduleUid) instead of BOOKING_RESCHEDULED when the new booking waits.
            var trigger = pending ? WebhookTriggers.BookingRequested : WebhookTriggers.BookingRescheduled;
            webhooks.Publish(trigger, booking, WebhookPayloads.ForBooking(trigger, booking, state, previous: old));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    public Outcome<SandboxBooking> Confirm(string uid)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (booking.Status != BookingStatuses.Pending)
                return Outcome<SandboxBooking>.Refused(400, $"Booking with uid={uid} is not pending confirmation (status {booking.Status}).");
            booking.Status = BookingStatuses.Accepted;
            booking.UpdatedAt = state.Now;
            // Cal.com announces a confirmed booking as BOOKING_CREATED.
            webhooks.Publish(WebhookTriggers.BookingCreated, booking, WebhookPayloads.ForBooking(WebhookTriggers.BookingCreated, booking, state));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    public Outcome<SandboxBooking> Decline(string uid, string? reason)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (booking.Status != BookingStatuses.Pending)
                return Outcome<SandboxBooking>.Refused(400, $"Booking with uid={uid} is not pending confirmation (status {booking.Status}).");
            booking.Status = BookingStatuses.Rejected;
            booking.RejectionReason = reason;
            booking.UpdatedAt = state.Now;
            webhooks.Publish(WebhookTriggers.BookingRejected, booking, WebhookPayloads.ForBooking(WebhookTriggers.BookingRejected, booking, state));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    public Outcome<SandboxBooking> MarkAbsent(string uid, MarkAbsentRequest request)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return NotFound(uid);
            if (booking.Start > state.Now) return Outcome<SandboxBooking>.Refused(400, CalComMessages.AbsentBeforeStart(state.Now, booking.Start));
            var unknown = (request.Attendees ?? []).Where(a => booking.Attendees.All(b => !string.Equals(b.Email, a.Email, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0) return Outcome<SandboxBooking>.Refused(400, $"Attendee with email {unknown[0].Email} is not part of booking {uid}");

            // handleMarkNoShow only ever sets noShowHost: `host: false` is ignored, and the host mark fires no webhook.
            if (request.Host is true) booking.AbsentHost = true;
            List<SandboxAttendee> changed = [];
            foreach (var mark in request.Attendees ?? [])
            {
                var attendee = booking.Attendees.First(a => string.Equals(a.Email, mark.Email, StringComparison.OrdinalIgnoreCase));
                var absent = mark.Absent ?? true;
                if (attendee.Absent == absent) continue;
                attendee.Absent = absent;
                changed.Add(attendee);
            }

            booking.UpdatedAt = state.Now;
            if (changed.Count > 0)
                webhooks.Publish(WebhookTriggers.BookingNoShowUpdated, booking, WebhookPayloads.ForNoShow(booking, changed));
            return Outcome<SandboxBooking>.Done(booking);
        }
    }

    private SandboxEventType? ResolveEventType(CreateBookingRequest request)
    {
        if (request.EventTypeId is int id) return state.FindEventType(id);
        if (string.IsNullOrEmpty(request.EventTypeSlug)) return null;
        if (!string.IsNullOrEmpty(request.TeamSlug))
            return request.TeamSlug == state.Team.Slug ? state.EventTypes.FirstOrDefault(e => e.IsTeamEvent && e.Slug == request.EventTypeSlug) : null;
        var owner = state.Users.FirstOrDefault(u => u.Username == request.Username);
        return owner is null ? null : state.EventTypes.FirstOrDefault(e => e.OwnerId == owner.Id && e.Slug == request.EventTypeSlug);
    }

    private static Outcome<SandboxBooking> NotFound(string uid) => Outcome<SandboxBooking>.Refused(404, $"Booking with uid={uid} not found");

    public static bool TryParseStart(string? text, out DateTimeOffset start, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            start = default;
            error = "start must be a valid ISO 8601 date string";
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start))
        {
            error = "start must be a valid ISO 8601 date string";
            return false;
        }

        start = start.ToUniversalTime();
        return true;
    }

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()));

    private static object? ToPlain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.Clone(),
    };

    /// <summary>The 2024-08-13 location input is an object ({type:"integration",integration:"cal-video"}, {type:"address",...}) or a legacy string.</summary>
    private static string? LocationOf(JsonElement? location)
    {
        if (location is not { } value) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        if (value.ValueKind != JsonValueKind.Object) return null;
        string? Get(string name) => value.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return Get("type") switch
        {
            "integration" => Get("integration") is "cal-video" or null ? "integrations:daily" : $"integrations:{Get("integration")}",
            "address" or "attendeeAddress" => Get("address"),
            "link" => Get("link"),
            "phone" or "attendeePhone" => Get("phone"),
            var other => other,
        };
    }
}
