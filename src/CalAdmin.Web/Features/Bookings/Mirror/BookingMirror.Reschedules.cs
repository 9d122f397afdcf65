using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// The one reschedule rule: Cal.com makes a new booking and closes the old one, and the old booking becomes
/// Rescheduled, pointing at its replacement, whichever source told (a delivery, an answer, a list). See docs/mirror.md.
/// </summary>
public sealed partial class BookingMirror
{
    /// <summary>
    /// The booking a state moved this one from. Besides BOOKING_RESCHEDULED, Cal.com announces a reschedule that waits
    /// for confirmation (the event type needs it and the organizer did not reschedule) as BOOKING_REQUESTED with
    /// <c>rescheduleUid</c>: the old booking is closed just the same.
    /// </summary>
    private static string? RescheduledFrom(string trigger, BookingSnapshot s) =>
        trigger is Triggers.Rescheduled or Triggers.Requested && s.RescheduleUid is { Length: > 0 } uid && uid != s.Uid ? uid : null;

    /// <summary>The state is the old booking of a reschedule: Cal.com lists it as cancelled, naming its replacement.</summary>
    private static bool Replaced(BookingSnapshot s) => s.RescheduledToUid is { Length: > 0 } to && to != s.Uid;

    /// <summary>
    /// Links the replacement to its old booking and closes the old one, unless the old booking already holds a newer
    /// state. An old booking the mirror never had (or whose delivery is still on its way) is recorded from what the
    /// reschedule says, so that its late BOOKING_CREATED is recognised as older and changes nothing.
    /// </summary>
    private async Task LinkRescheduleAsync(string oldUid, Booking replacement, BookingSnapshot s, DateTime? at, CancellationToken ct)
    {
        replacement.RescheduledFromUid = oldUid;
        var old = await LoadAsync(oldUid, ct) ?? db.Bookings.Local.FirstOrDefault(b => b.Uid == oldUid);
        if (old is null)
        {
            old = new Booking
            {
                Uid = oldUid, Title = s.Title, CreatedAt = now, CalComId = s.PreviousCalComId,
                StartUtc = s.PreviousStart ?? s.Start, EndUtc = s.PreviousEnd ?? s.End,
                CalComEventTypeId = replacement.CalComEventTypeId, EventTypeId = replacement.EventTypeId,
            };
            foreach (var h in replacement.Hosts)
                old.Hosts.Add(new BookingHost { Host = h.Host, Order = h.Order });
            foreach (var a in replacement.Attendees)
                old.Attendees.Add(new Attendee { Name = a.Name, Email = a.Email, TimeZone = a.TimeZone, PhoneNumber = a.PhoneNumber });
            db.Bookings.Add(old);
        }
        else if (at is not null && old.LastEventAt is not null && at < old.LastEventAt)
        {
            return;
        }
        old.Status = BookingStatus.Rescheduled;
        old.RescheduledToUid = replacement.Uid;
        old.LastEventAt = at ?? old.LastEventAt;
        old.UpdatedAt = now;
    }
}
