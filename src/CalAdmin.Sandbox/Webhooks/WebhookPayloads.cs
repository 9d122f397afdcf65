using System.Text.Json.Nodes;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Slots;

namespace CalAdmin.Sandbox.Webhooks;

/// <summary>
/// The <c>payload</c> object per trigger. Each trigger carries exactly the keys of Cal.com's example
/// delivery for it (shared/calcom/webhook-payloads), plus <c>team</c> for team event types as Cal.com adds.
/// Callers hold <see cref="SandboxState.Gate"/>.
/// </summary>
internal static class WebhookPayloads
{
    private static readonly string[] CreatedKeys =
    [
        "bookerUrl", "title", "startTime", "endTime", "additionalNotes", "type", "description", "eventTypeId", "hideCalendarNotes",
        "hideCalendarEventDetails", "hideOrganizerEmail", "schedulingType", "seatsPerTimeSlot", "seatsShowAttendees",
        "seatsShowAvailabilityCount", "customReplyToEmail", "disableRescheduling", "disableCancelling", "organizer", "attendees",
        "customInputs", "responses", "userFieldsResponses", "location", "destinationCalendar", "iCalUID", "iCalSequence",
        "requiresConfirmation", "oneTimePassword", "organizationId", "hashedLink", "uid", "conferenceData", "videoCallData",
        "appsStatus", "eventTitle", "eventDescription", "price", "currency", "length", "bookingId", "metadata", "status",
    ];

    private static readonly string[] CancelledKeys =
    [
        "bookerUrl", "title", "length", "type", "additionalNotes", "description", "customInputs", "eventTypeId", "userFieldsResponses",
        "responses", "startTime", "endTime", "organizer", "attendees", "uid", "bookingId", "location", "destinationCalendar",
        "cancellationReason", "seatsPerTimeSlot", "seatsShowAttendees", "iCalUID", "iCalSequence", "hideOrganizerEmail",
        "customReplyToEmail", "organizationId", "eventTitle", "eventDescription", "requiresConfirmation", "price", "currency", "status",
        "requestReschedule",
    ];

    private static readonly string[] RejectedKeys =
    [
        "type", "title", "description", "bookerUrl", "userFieldsResponses", "responses", "customInputs", "startTime", "endTime",
        "organizer", "attendees", "location", "uid", "destinationCalendar", "requiresConfirmation", "hideOrganizerEmail",
        "hideCalendarNotes", "hideCalendarEventDetails", "eventTypeId", "customReplyToEmail", "organizationId", "additionalNotes",
        "rejectionReason", "eventTitle", "eventDescription", "price", "currency", "length", "bookingId", "status",
    ];

    private static readonly string[] RequestedKeys =
    [
        "bookerUrl", "title", "startTime", "endTime", "additionalNotes", "type", "description", "eventTypeId", "hideCalendarNotes",
        "hideCalendarEventDetails", "hideOrganizerEmail", "schedulingType", "seatsPerTimeSlot", "seatsShowAttendees",
        "seatsShowAvailabilityCount", "customReplyToEmail", "disableRescheduling", "disableCancelling", "organizer", "attendees",
        "customInputs", "responses", "userFieldsResponses", "location", "destinationCalendar", "iCalUID", "iCalSequence",
        "requiresConfirmation", "oneTimePassword", "organizationId", "hashedLink", "uid", "eventTitle", "eventDescription", "price",
        "currency", "length", "bookingId", "metadata", "status",
    ];

    private static readonly string[] RescheduledKeys =
    [
        "bookerUrl", "title", "startTime", "endTime", "additionalNotes", "type", "description", "eventTypeId", "hideCalendarNotes",
        "hideCalendarEventDetails", "hideOrganizerEmail", "schedulingType", "seatsPerTimeSlot", "seatsShowAttendees",
        "seatsShowAvailabilityCount", "customReplyToEmail", "disableRescheduling", "disableCancelling", "organizer", "attendees",
        "customInputs", "responses", "userFieldsResponses", "location", "destinationCalendar", "iCalSequence", "requiresConfirmation",
        "oneTimePassword", "organizationId", "hashedLink", "uid", "videoCallData", "conferenceData", "appsStatus", "eventTitle",
        "eventDescription", "price", "currency", "length", "bookingId", "rescheduleId", "rescheduleUid", "rescheduleStartTime",
        "rescheduleEndTime", "metadata", "status",
    ];

    /// <summary>
    /// The 2026 webhooks guide: BOOKING_REASSIGNED is the standard booking payload plus the ids of the hosts added and
    /// removed (no reason field); <c>organizer</c> is the booking's organizer after the change.
    /// </summary>
    private static readonly string[] ReassignedKeys = [.. CreatedKeys, "addedHostUserIds", "removedHostUserIds"];

    /// <summary>handleNewBooking's webhookData carries these for every booking made by a reschedule, BOOKING_REQUESTED included.</summary>
    private static readonly string[] RescheduleKeys = ["rescheduleId", "rescheduleUid", "rescheduleStartTime", "rescheduleEndTime"];

    public static IReadOnlyList<string> KeysFor(string trigger) => trigger switch
    {
        WebhookTriggers.BookingCreated => CreatedKeys,
        WebhookTriggers.BookingCancelled => CancelledKeys,
        WebhookTriggers.BookingRejected => RejectedKeys,
        WebhookTriggers.BookingRequested => RequestedKeys,
        WebhookTriggers.BookingRescheduled => RescheduledKeys,
        WebhookTriggers.BookingReassigned => ReassignedKeys,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Not a booking-shaped trigger"),
    };

    /// <summary>The payload of a booking trigger; <paramref name="previous"/> is the old booking on a reschedule.</summary>
    public static JsonObject ForBooking(string trigger, SandboxBooking booking, SandboxState state, SandboxBooking? previous = null)
    {
        var all = AllFields(booking, state, previous);
        var payload = new JsonObject();
        foreach (var key in KeysFor(trigger))
            payload[key] = all.TryGetPropertyValue(key, out var value) ? value?.DeepClone() : null;
        if (previous is not null)
        {
            foreach (var key in RescheduleKeys) payload[key] = all[key]?.DeepClone();
            // Sent only when the reschedule named someone (undefined is dropped from Cal.com's JSON).
            if (booking.RescheduledByEmail is { } by) payload["rescheduledBy"] = by;
        }
        if (all["team"] is { } team) payload["team"] = team.DeepClone();
        return payload;
    }

    /// <summary>BOOKING_REASSIGNED (2026): the booking payload plus the Cal.com user ids that joined and left the booking.</summary>
    public static JsonObject ForReassigned(SandboxBooking booking, SandboxState state, IReadOnlyList<int> added, IReadOnlyList<int> removed)
    {
        var payload = ForBooking(WebhookTriggers.BookingReassigned, booking, state);
        payload["addedHostUserIds"] = new JsonArray(added.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        payload["removedHostUserIds"] = new JsonArray(removed.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        return payload;
    }

    /// <summary>BOOKING_NO_SHOW_UPDATED: a message and the attendees whose flag changed.</summary>
    public static JsonObject ForNoShow(SandboxBooking booking, IReadOnlyList<SandboxAttendee> changed)
    {
        var message = changed.Count == 1
            ? $"{changed[0].Email} {(changed[0].Absent ? "marked" : "unmarked")} as no-show"
            : $"{changed.Count} attendees' no-show status updated";
        return new JsonObject
        {
            ["message"] = message,
            ["attendees"] = new JsonArray(changed.Select(a => (JsonNode)new JsonObject { ["email"] = a.Email, ["noShow"] = a.Absent }).ToArray()),
            ["bookingUid"] = booking.Uid,
            ["bookingId"] = booking.Id,
        };
    }

    private static JsonObject AllFields(SandboxBooking booking, SandboxState state, SandboxBooking? previous)
    {
        var eventType = state.FindEventType(booking.EventTypeId)!;
        var organizer = state.FindUser(booking.HostIds.FirstOrDefault()) ?? state.Me;
        var attendees = new JsonArray();
        foreach (var attendee in booking.Attendees)
        {
            var names = attendee.Name.Split(' ', 2);
            attendees.Add(new JsonObject
            {
                ["email"] = attendee.Email, ["name"] = attendee.Name, ["firstName"] = names[0], ["lastName"] = names.Length > 1 ? names[1] : "",
                ["timeZone"] = attendee.TimeZone, ["phoneNumber"] = attendee.PhoneNumber,
                ["language"] = new JsonObject { ["locale"] = attendee.Language }, ["utcOffset"] = UtcOffset(attendee.TimeZone, booking.Start),
            });
        }

        var videoUrl = booking.MeetingUrl ?? $"https://app.cal.com/video/{booking.Uid}";
        var fields = new JsonObject
        {
            ["bookerUrl"] = "https://app.cal.com",
            ["title"] = booking.Title,
            ["startTime"] = Iso(booking.Start),
            ["endTime"] = Iso(booking.End),
            ["additionalNotes"] = booking.BookingFieldsResponses.GetValueOrDefault("notes")?.ToString() ?? "",
            ["type"] = eventType.Slug,
            ["description"] = booking.Description,
            ["eventTypeId"] = eventType.Id,
            ["hideCalendarNotes"] = false,
            ["hideCalendarEventDetails"] = false,
            ["hideOrganizerEmail"] = false,
            ["schedulingType"] = SchedulingTypes.ToWebhookValue(eventType.SchedulingType),
            ["seatsPerTimeSlot"] = null,
            ["seatsShowAttendees"] = true,
            ["seatsShowAvailabilityCount"] = true,
            ["customReplyToEmail"] = null,
            ["disableRescheduling"] = false,
            ["disableCancelling"] = false,
            ["organizer"] = new JsonObject
            {
                ["id"] = organizer.Id, ["name"] = organizer.Name, ["email"] = organizer.Email, ["username"] = organizer.Username,
                ["usernameInOrg"] = organizer.Username, ["timeZone"] = organizer.TimeZone, ["language"] = new JsonObject { ["locale"] = "en" },
                ["timeFormat"] = "h:mma", ["utcOffset"] = UtcOffset(organizer.TimeZone, booking.Start),
            },
            ["attendees"] = attendees,
            ["customInputs"] = new JsonObject(),
            ["responses"] = Responses(booking, eventType),
            ["userFieldsResponses"] = UserFieldsResponses(booking, eventType),
            ["location"] = booking.Location,
            ["destinationCalendar"] = null,
            ["iCalUID"] = $"{booking.Uid}@Cal.com",
            ["iCalSequence"] = previous is null ? 0 : 1,
            ["requiresConfirmation"] = eventType.RequiresConfirmation,
            ["oneTimePassword"] = null,
            ["organizationId"] = state.Organization.Id,
            ["hashedLink"] = null,
            ["uid"] = booking.Uid,
            ["conferenceData"] = new JsonObject { ["createRequest"] = new JsonObject { ["requestId"] = Guid.NewGuid().ToString() } },
            ["videoCallData"] = new JsonObject { ["type"] = "daily_video", ["id"] = booking.Uid, ["password"] = "", ["url"] = videoUrl },
            ["appsStatus"] = new JsonArray(new JsonObject
            {
                ["appName"] = "Cal Video", ["type"] = "daily_video", ["success"] = 1, ["failures"] = 0, ["errors"] = new JsonArray(),
            }),
            ["eventTitle"] = eventType.Title,
            ["eventDescription"] = eventType.Description,
            ["price"] = 0,
            ["currency"] = "usd",
            ["length"] = booking.DurationMinutes,
            ["bookingId"] = booking.Id,
            ["metadata"] = new JsonObject { ["videoCallUrl"] = videoUrl },
            ["status"] = booking.Status.ToUpperInvariant(),
            ["cancellationReason"] = booking.CancellationReason,
            ["requestReschedule"] = false,
            ["rejectionReason"] = booking.RejectionReason,
            ["rescheduleId"] = previous?.Id,
            ["rescheduleUid"] = previous?.Uid,
            ["rescheduleStartTime"] = previous is null ? null : Iso(previous.Start),
            ["rescheduleEndTime"] = previous is null ? null : Iso(previous.End),
            ["team"] = eventType.IsTeamEvent ? Team(booking, state) : null,
        };
        return fields;
    }

    private static JsonObject Team(SandboxBooking booking, SandboxState state)
    {
        var members = new JsonArray();
        foreach (var id in booking.HostIds.Skip(1))
            if (state.FindUser(id) is { } user)
                members.Add(new JsonObject
                {
                    ["id"] = user.Id, ["name"] = user.Name, ["email"] = user.Email, ["timeZone"] = user.TimeZone,
                    ["language"] = new JsonObject { ["locale"] = "en" },
                });
        return new JsonObject { ["name"] = state.Team.Name, ["members"] = members, ["id"] = state.Team.Id };
    }

    private static JsonObject Responses(SandboxBooking booking, SandboxEventType eventType)
    {
        var attendee = booking.Attendees.FirstOrDefault();
        var responses = new JsonObject
        {
            ["name"] = new JsonObject { ["label"] = "your_name", ["value"] = attendee?.Name, ["isHidden"] = false },
            ["email"] = new JsonObject { ["label"] = "email_address", ["value"] = attendee?.Email, ["isHidden"] = false },
            ["location"] = new JsonObject
            {
                ["label"] = "location", ["value"] = new JsonObject { ["optionValue"] = "", ["value"] = booking.Location }, ["isHidden"] = false,
            },
            ["guests"] = new JsonObject
            {
                ["label"] = "additional_guests", ["value"] = new JsonArray(booking.Guests.Select(g => (JsonNode)JsonValue.Create(g)!).ToArray()), ["isHidden"] = false,
            },
        };
        foreach (var field in eventType.BookingFields)
            responses[field.Slug] = new JsonObject
            {
                ["label"] = field.Label, ["value"] = JsonValue.Create(booking.BookingFieldsResponses.GetValueOrDefault(field.Slug)?.ToString()), ["isHidden"] = false,
            };
        return responses;
    }

    private static JsonObject UserFieldsResponses(SandboxBooking booking, SandboxEventType eventType)
    {
        var responses = new JsonObject();
        foreach (var field in eventType.BookingFields)
            responses[field.Slug] = new JsonObject
            {
                ["label"] = field.Label, ["value"] = JsonValue.Create(booking.BookingFieldsResponses.GetValueOrDefault(field.Slug)?.ToString()), ["isHidden"] = false,
            };
        return responses;
    }

    private static int UtcOffset(string timeZone, DateTimeOffset at) => (int)Availability.Zone(timeZone).GetUtcOffset(at).TotalMinutes;

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
