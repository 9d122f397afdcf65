using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>BookingOutput_2024_08_13. Optional fields appear only when they have a value, as in Cal.com's answers.</summary>
internal static class BookingOutput
{
    public static Dictionary<string, object?> Of(SandboxBooking booking, SandboxState state)
    {
        var eventType = state.FindEventType(booking.EventTypeId);
        var output = new Dictionary<string, object?>
        {
            ["id"] = booking.Id,
            ["uid"] = booking.Uid,
            ["title"] = booking.Title,
            ["description"] = booking.Description,
            ["hosts"] = booking.HostIds.Select(state.FindUser).Where(u => u is not null)
                .Select(u => new { id = u!.Id, name = u.Name, email = u.Email, displayEmail = u.Email, username = u.Username, timeZone = u.TimeZone }).ToList(),
            ["status"] = booking.Status,
        };
        AddIfSet(output, "cancellationReason", booking.CancellationReason);
        AddIfSet(output, "cancelledByEmail", booking.CancelledByEmail);
        AddIfSet(output, "reschedulingReason", booking.ReschedulingReason);
        AddIfSet(output, "rescheduledFromUid", booking.RescheduledFromUid);
        AddIfSet(output, "rescheduledToUid", booking.RescheduledToUid);
        // output.service.ts: the old booking shows the rescheduledBy of the booking it was moved to.
        AddIfSet(output, "rescheduledByEmail", booking.RescheduledByEmail
            ?? (booking.RescheduledToUid is { } to ? state.FindBooking(to)?.RescheduledByEmail : null));
        AddIfSet(output, "rejectionReason", booking.RejectionReason);
        output["start"] = ApiResults.Iso(booking.Start);
        output["end"] = ApiResults.Iso(booking.End);
        output["duration"] = booking.DurationMinutes;
        output["eventTypeId"] = booking.EventTypeId;
        output["eventType"] = new { id = booking.EventTypeId, slug = eventType?.Slug ?? "" };
        AddIfSet(output, "meetingUrl", booking.MeetingUrl);
        output["location"] = booking.Location;
        output["absentHost"] = booking.AbsentHost;
        output["createdAt"] = ApiResults.Iso(booking.CreatedAt);
        output["updatedAt"] = ApiResults.Iso(booking.UpdatedAt);
        output["metadata"] = booking.Metadata;
        output["icsUid"] = $"{booking.Uid}@Cal.com";
        output["attendees"] = booking.Attendees.Select(a => new
        {
            name = a.Name, email = a.Email, displayEmail = a.Email, timeZone = a.TimeZone, language = a.Language, absent = a.Absent, phoneNumber = a.PhoneNumber,
        }).ToList();
        output["guests"] = booking.Guests;
        output["bookingFieldsResponses"] = booking.BookingFieldsResponses;
        return output;
    }

    private static void AddIfSet(Dictionary<string, object?> output, string key, string? value)
    {
        if (value is not null) output[key] = value;
    }
}
