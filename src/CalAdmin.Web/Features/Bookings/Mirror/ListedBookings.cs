using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// A booking as Cal.com's API gives it (a list's item or an action's answer) read as the state the mirror applies: the
/// snapshot, the trigger of the delivery Cal.com would send for that state, and the instant it is ordered by.
/// See docs/mirror.md.
/// </summary>
public static class ListedBookings
{
    /// <summary>
    /// When Cal.com last changed the booking (its <c>updatedAt</c>), truncated to the microseconds both providers keep: the
    /// instant the mirror orders a listed booking by, as it orders deliveries by their <c>createdAt</c>.
    /// </summary>
    public static DateTime ChangedAt(CalComBooking b)
    {
        var t = (b.UpdatedAt ?? b.CreatedAt ?? b.Start).UtcDateTime;
        return new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
    }

    /// <summary>The trigger of the delivery Cal.com would send for the booking's current state.</summary>
    public static string TriggerOf(CalComBooking b) => b.Status?.ToLowerInvariant() switch
    {
        CalComBookingStatuses.Cancelled => Triggers.Cancelled,
        CalComBookingStatuses.Rejected => Triggers.Rejected,
        CalComBookingStatuses.Pending => Triggers.Requested,
        _ when b.RescheduledFromUid is { Length: > 0 } => Triggers.Rescheduled,
        _ => Triggers.Created,
    };

    /// <summary>The status the mirror gives this booking (the old booking of a reschedule is Rescheduled, not Cancelled).</summary>
    public static BookingStatus StatusOf(CalComBooking b) => BookingMirror.StatusFor(TriggerOf(b), Snapshot(b));

    /// <summary>The booking as the mirror reads it: hosts[0] is the organizer, the others team members.</summary>
    public static BookingSnapshot Snapshot(CalComBooking b)
    {
        var hosts = (b.Hosts ?? []).Select(h => new HostRef(h.Id, h.Name, h.Email, h.Username, h.TimeZone)).ToList();
        var attendees = (b.Attendees ?? [])
            .Where(a => !string.IsNullOrEmpty(a.Email))
            .Select(a => new AttendeeRef(a.Name ?? a.Email!, a.Email!, a.TimeZone, a.PhoneNumber, a.Absent))
            .ToList();
        return new BookingSnapshot(
            b.Uid, b.Id, b.Title ?? "(untitled)", b.Start.UtcDateTime, b.End.UtcDateTime, b.Status,
            b.EventTypeId ?? b.EventType?.Id, b.EventType?.Slug, b.Location, b.MeetingUrl,
            string.IsNullOrWhiteSpace(b.Description) ? null : b.Description,
            b.BookingFieldsResponses is { ValueKind: System.Text.Json.JsonValueKind.Object } responses ? responses.GetRawText() : null,
            b.RescheduledFromUid, b.CancellationReason, null,
            hosts.FirstOrDefault(), hosts.Skip(1).ToList(), attendees)
        {
            RescheduledToUid = string.IsNullOrEmpty(b.RescheduledToUid) ? null : b.RescheduledToUid,
            CalComCreatedAt = b.CreatedAt?.UtcDateTime,
            CalComUpdatedAt = b.UpdatedAt?.UtcDateTime,
        };
    }
}
