using System.Text.Json;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// Where a booking's webhook is applied: one stored Cal.com delivery turned into changes of the booking rows.
/// Deliveries of one booking may arrive in any order and more than once; applying them in any order ends where applying
/// them by Cal.com's createdAt ends. See docs/mirror.md.
/// </summary>
public sealed partial class BookingMirror
{
    private static readonly HashSet<string> SnapshotTriggers =
    [
        Triggers.Created, Triggers.Requested, Triggers.PaymentInitiated, Triggers.Paid,
        Triggers.Rescheduled, Triggers.Cancelled, Triggers.Rejected, Triggers.Reassigned,
    ];

    /// <param name="createdAt">Cal.com's createdAt of the delivery: the instant it is ordered by.</param>
    public async Task<MirrorResult> ApplyWebhookAsync(string trigger, string? bookingUid, DateTime? createdAt, string rawBody, CancellationToken ct)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(rawBody); }
        catch (JsonException ex) { return MirrorResult.Of(MirrorOutcome.Failed, $"The body is not JSON: {ex.Message}"); }

        using (doc)
        {
            var root = doc.RootElement;
            if (SnapshotTriggers.Contains(trigger))
                return WebhookPayload.ReadBooking(root) is { } booking
                    ? await ApplyAsync(new BookingState(trigger, SnapshotOf(booking), createdAt), ct)
                    : MirrorResult.Of(MirrorOutcome.Failed, "The payload has no booking uid, startTime or endTime.");
            return trigger switch
            {
                Triggers.NoShowUpdated => await ApplyNoShowAsync(bookingUid, createdAt, root, ct),
                Triggers.MeetingStarted or Triggers.MeetingEnded => await ApplyMeetingAsync(bookingUid, trigger, ct),
                Triggers.OutOfOfficeCreated => await Away.AwayMirror.ApplyDeliveryAsync(db, Hosts, now, root, ct),
                _ => MirrorResult.Of(MirrorOutcome.Ignored, trigger == Triggers.Ping ? null : $"CalAdmin does not mirror {trigger}."),
            };
        }
    }

    /// <summary>The booking of a delivery as the mirror reads it.</summary>
    public static BookingSnapshot SnapshotOf(WebhookBooking p)
    {
        static HostRef? Host(WebhookUser? u) => u is null ? null : new HostRef(u.Id, u.Name, u.Email, u.Username, u.TimeZone);
        return new BookingSnapshot(
            p.Uid, p.BookingId, p.Title, p.StartTime, p.EndTime, p.Status, p.EventTypeId, p.Type, p.Location, p.VideoCallUrl,
            p.Description, p.ResponsesJson, p.RescheduleUid, p.CancellationReason, p.RejectionReason,
            Host(p.Organizer), p.TeamMembers.Select(m => Host(m)!).ToList(),
            p.Attendees.Select(a => new AttendeeRef(a.Name, a.Email, a.TimeZone, a.PhoneNumber, a.NoShow)).ToList(),
            p.EventTitle)
        {
            PreviousCalComId = p.RescheduleId,
            PreviousStart = p.RescheduleStartTime,
            PreviousEnd = p.RescheduleEndTime,
            AddedHostIds = p.AddedHostUserIds,
            RemovedHostIds = p.RemovedHostUserIds,
        };
    }

    private async Task<MirrorResult> ApplyNoShowAsync(string? bookingUid, DateTime? createdAt, JsonElement root, CancellationToken ct)
    {
        if (bookingUid is null) return MirrorResult.Of(MirrorOutcome.Failed, "The no-show update names no booking.");
        var booking = await LoadAsync(bookingUid, ct);
        if (booking is null) return MirrorResult.Of(MirrorOutcome.Waiting, "The booking is not mirrored yet.");
        if (createdAt is { } at && booking.NoShowUpdatedAt is { } last && at < last)
            return MirrorResult.Of(MirrorOutcome.Stale, $"Older than the booking's last no-show update ({last:O}).");

        var (attendees, hostNoShow) = WebhookPayload.ReadNoShow(root);
        foreach (var (email, noShow) in attendees)
            foreach (var attendee in booking.Attendees.Where(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)))
                attendee.Absent = noShow;
        if (hostNoShow is { } hostAbsent)
        {
            booking.HostAbsent = hostAbsent;
            foreach (var h in booking.Hosts) h.Absent = hostAbsent;
        }
        booking.NoShowUpdatedAt = createdAt ?? booking.NoShowUpdatedAt;
        return new MirrorResult(MirrorOutcome.Applied, null,
            [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid], $"Cal.com: no-show updated on '{booking.Title}'")]);
    }

    private async Task<MirrorResult> ApplyMeetingAsync(string? bookingUid, string trigger, CancellationToken ct)
    {
        if (bookingUid is null) return MirrorResult.Of(MirrorOutcome.Failed, "The meeting update names no booking.");
        var booking = await LoadAsync(bookingUid, ct);
        if (booking is null) return MirrorResult.Of(MirrorOutcome.Waiting, "The booking is not mirrored yet.");
        // Flat meeting payloads carry the booking's createdAt, not the event's: order them by state instead.
        var state = trigger == Triggers.MeetingEnded ? MeetingState.Ended : MeetingState.Started;
        if (state <= booking.MeetingState)
            return MirrorResult.Of(MirrorOutcome.Stale, $"The meeting is already {booking.MeetingState.ToString().ToLowerInvariant()}.");
        booking.MeetingState = state;
        booking.MeetingStateAt = state == MeetingState.Started ? booking.StartUtc : booking.EndUtc;
        return new MirrorResult(MirrorOutcome.Applied, null,
            [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid], $"Cal.com: meeting '{booking.Title}' {(state == MeetingState.Ended ? "ended" : "started")}")]);
    }
}
