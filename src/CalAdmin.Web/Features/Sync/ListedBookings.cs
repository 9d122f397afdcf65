using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Features.Sync;

/// <summary>
/// The one way a booking read from Cal.com's bookings list enters the mirror, shared by the first import and
/// reconciliation: the same snapshot CalAdmin's own actions reflect (<see cref="BookingMirror.Snapshot"/>), applied
/// as the delivery Cal.com would send for the booking's current state, so statuses, hosts, attendees, reschedule links
/// and the staleness rules are exactly those of live webhooks.
/// </summary>
public static class ListedBookings
{
    /// <summary>
    /// When Cal.com last changed the booking (its <c>updatedAt</c>), truncated to the microseconds both providers keep: the
    /// instant the applier orders by, as it orders deliveries by their <c>createdAt</c>.
    /// </summary>
    public static DateTime ChangedAt(CalComBooking b)
    {
        var t = (b.UpdatedAt ?? b.CreatedAt ?? b.Start).UtcDateTime;
        return new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
    }

    /// <summary>
    /// Applies the booking as of <paramref name="at"/>. A booking the mirror has from a newer delivery comes back
    /// <see cref="DeliveryOutcome.Stale"/> and is left alone.
    /// </summary>
    public static async Task<ApplyResult> ApplyAsync(AppDbContext db, CalComBooking b, DateTime at, DateTime now, HostDirectory hosts, CancellationToken ct)
    {
        var result = await DeliveryApplier.ApplyBookingAsync(db, TriggerOf(b), BookingMirror.Snapshot(b), at, now, hosts, ct);
        // The old booking of a reschedule is "cancelled" in Cal.com's list and points to its replacement: in the mirror it
        // is Rescheduled, as the replacement's BOOKING_RESCHEDULED marks it.
        if (result.Outcome == DeliveryOutcome.Applied && b.RescheduledToUid is { Length: > 0 } to
            && db.Bookings.Local.FirstOrDefault(x => x.Uid == b.Uid) is { Status: BookingStatus.Cancelled } row)
        {
            row.Status = BookingStatus.Rescheduled;
            row.RescheduledToUid = to;
        }
        return result;
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
}
