using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>
/// Writes Cal.com's answer to an action into the local mirror through the same copy the webhooks use.
/// <para>
/// Staleness: webhook deliveries are ordered by Cal.com's <c>createdAt</c> (<see cref="Booking.LastEventAt"/>). An
/// answer leaves <see cref="Booking.LastEventAt"/> alone, so the webhook that follows the action (same facts, created
/// at or after the change) is never taken for stale; and an answer older than a delivery already applied
/// (<c>updatedAt</c> &lt;= LastEventAt: the webhook won the race) changes nothing.
/// </para>
/// </summary>
public static class BookingMirror
{
    /// <param name="hosts">The caller's directory when it resolves hosts in the same unit of work, so a host new to the
    /// mirror is added once, not once per directory.</param>
    public static async Task<Booking> ReflectAsync(AppDbContext db, CalComBooking answer, DateTime now, CancellationToken ct, HostDirectory? hosts = null)
    {
        var booking = await DeliveryApplier.LoadAsync(db, answer.Uid, ct);
        if (booking is not null && booking.LastEventAt is { } last && answer.UpdatedAt is { } updated && last >= updated.UtcDateTime)
            return booking;

        if (booking is null)
        {
            booking = new Booking { Uid = answer.Uid, Title = answer.Title ?? "(untitled)", CreatedAt = now };
            db.Bookings.Add(booking);
        }

        var status = StatusOf(answer, booking.Status);
        await DeliveryApplier.CopyAsync(db, booking, Snapshot(answer), status, hosts ?? new HostDirectory(db, now), at: null, now, ct);
        booking.CalComCreatedAt ??= answer.CreatedAt?.UtcDateTime;
        booking.CalComUpdatedAt = answer.UpdatedAt?.UtcDateTime ?? booking.CalComUpdatedAt;
        if (answer.AbsentHost is { } hostAbsent)
        {
            booking.HostAbsent = hostAbsent;
            foreach (var host in booking.Hosts.Where(h => h.Order == 0)) host.Absent = hostAbsent;
        }
        if (answer.RescheduledToUid is { Length: > 0 } to) booking.RescheduledToUid = to;
        if (answer.RescheduledFromUid is { Length: > 0 } from && from != booking.Uid)
        {
            booking.RescheduledFromUid = from;
            await MarkRescheduledAsync(db, from, booking, now, ct);
        }
        return booking;
    }

    /// <summary>The old booking of a reschedule: closed, pointing at its replacement.</summary>
    private static async Task MarkRescheduledAsync(AppDbContext db, string oldUid, Booking replacement, DateTime now, CancellationToken ct)
    {
        var old = await DeliveryApplier.LoadAsync(db, oldUid, ct);
        if (old is null) return;
        old.Status = BookingStatus.Rescheduled;
        old.RescheduledToUid = replacement.Uid;
        old.UpdatedAt = now;
    }

    public static BookingStatus StatusOf(CalComBooking answer, BookingStatus current) => answer.Status?.ToLowerInvariant() switch
    {
        CalComBookingStatuses.Accepted => BookingStatus.Accepted,
        CalComBookingStatuses.Pending => BookingStatus.Pending,
        CalComBookingStatuses.Rejected => BookingStatus.Rejected,
        CalComBookingStatuses.Cancelled => answer.RescheduledToUid is { Length: > 0 } ? BookingStatus.Rescheduled : BookingStatus.Cancelled,
        _ => current,
    };

    /// <summary>The booking as the webhook copy reads it: hosts[0] is the organizer, the others team members.</summary>
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
            hosts.FirstOrDefault(), hosts.Skip(1).ToList(), attendees);
    }
}
