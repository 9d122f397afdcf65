using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

public sealed record ApplyResult(DeliveryOutcome Outcome, string? Error, IReadOnlyList<ChangeNotice> Changes)
{
    public static ApplyResult Of(DeliveryOutcome outcome, string? error = null) => new(outcome, error, []);
}

/// <summary>
/// Turns one stored delivery into changes of the booking rows. Deliveries of one booking may arrive in any order
/// and more than once; applying them in any order ends where applying them by Cal.com's createdAt ends.
/// </summary>
public static partial class DeliveryApplier
{
    private static readonly HashSet<string> SnapshotTriggers =
    [
        Triggers.Created, Triggers.Requested, Triggers.PaymentInitiated, Triggers.Paid,
        Triggers.Rescheduled, Triggers.Cancelled, Triggers.Rejected, Triggers.Reassigned,
    ];

    /// <param name="hosts">Shared by the deliveries of one batch (same context), so hosts and event types are looked up once.</param>
    public static async Task<ApplyResult> ApplyAsync(AppDbContext db, WebhookDelivery delivery, DateTime now, CancellationToken ct, HostDirectory? hosts = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(delivery.RawBody); }
        catch (JsonException ex) { return ApplyResult.Of(DeliveryOutcome.Failed, $"The body is not JSON: {ex.Message}"); }

        using (doc)
        {
            var root = doc.RootElement;
            var trigger = delivery.Trigger;
            if (SnapshotTriggers.Contains(trigger))
                return await ApplySnapshotAsync(db, trigger, root, delivery.CalComCreatedAt, now, hosts ?? new HostDirectory(db, now), ct);
            return trigger switch
            {
                Triggers.NoShowUpdated => await ApplyNoShowAsync(db, delivery, root, ct),
                Triggers.MeetingStarted or Triggers.MeetingEnded => await ApplyMeetingAsync(db, delivery, trigger, ct),
                _ => ApplyResult.Of(DeliveryOutcome.Ignored, trigger == Triggers.Ping ? null : $"CalAdmin does not mirror {trigger}."),
            };
        }
    }

    private static async Task<ApplyResult> ApplySnapshotAsync(AppDbContext db, string trigger, JsonElement root, DateTime? at, DateTime now, HostDirectory hosts, CancellationToken ct)
    {
        if (WebhookPayload.ReadBooking(root) is not { } snapshot)
            return ApplyResult.Of(DeliveryOutcome.Failed, "The payload has no booking uid, startTime or endTime.");
        return await ApplySnapshotAsync(db, trigger, snapshot, root, at, now, hosts, ct);
    }

    /// <summary>
    /// Applies a booking that did not come as a delivery (the first import and reconciliation read it from Cal.com's list)
    /// exactly as the delivery of <paramref name="trigger"/> with this snapshot, created at <paramref name="at"/>, would be.
    /// </summary>
    public static Task<ApplyResult> ApplyBookingAsync(AppDbContext db, string trigger, BookingSnapshot snapshot, DateTime at, DateTime now, HostDirectory hosts, CancellationToken ct) =>
        ApplySnapshotAsync(db, trigger, snapshot, root: null, at, now, hosts, ct);

    /// <param name="root">The delivery's body, when there is one: a reschedule's payload also describes the old booking.</param>
    private static async Task<ApplyResult> ApplySnapshotAsync(AppDbContext db, string trigger, BookingSnapshot snapshot, JsonElement? root, DateTime? at, DateTime now, HostDirectory hosts, CancellationToken ct)
    {
        var booking = await LoadAsync(db, snapshot.Uid, ct);
        var isFinal = trigger is Triggers.Cancelled or Triggers.Rejected;
        string? staleReason = null;
        if (booking is not null)
        {
            if (at is not null && booking.LastEventAt is not null && at < booking.LastEventAt)
                staleReason = $"Older than the booking's last update ({booking.LastEventAt:O}).";
            else if (IsClosed(booking.Status) && !isFinal)
                staleReason = $"The booking is {booking.Status.ToString().ToLowerInvariant()}; {trigger} does not reopen it.";
        }
        if (staleReason is not null)
        {
            // A reschedule's link between the old and the new booking is a fact of its own: it holds even when a
            // newer delivery (say, the new booking's cancellation) arrived first.
            if (RescheduledFrom(trigger, snapshot) is { } linkUid && booking!.RescheduledFromUid is null)
            {
                booking.RescheduledFromUid = linkUid;
                await MarkRescheduledAsync(db, linkUid, snapshot, root, booking, at, now, ct);
                return new ApplyResult(DeliveryOutcome.Applied, "Only the reschedule link: the booking already reflects a newer delivery.",
                    [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid, linkUid], $"Cal.com: booking '{booking.Title}' rescheduled")]);
            }
            return ApplyResult.Of(DeliveryOutcome.Stale, staleReason);
        }

        var hostsCreatedBefore = hosts.CreatedCount;
        var hostsBefore = booking?.Hosts.Select(h => h.Host).ToList() ?? [];
        if (booking is null)
        {
            booking = new Booking { Uid = snapshot.Uid, Title = snapshot.Title, CreatedAt = now };
            db.Bookings.Add(booking);
        }

        await CopyAsync(db, booking, snapshot, StatusFor(trigger, snapshot.Status), hosts, at, now, ct);
        var ids = new List<string> { booking.Uid };

        if (RescheduledFrom(trigger, snapshot) is { } oldUid)
        {
            booking.RescheduledFromUid = oldUid;
            await MarkRescheduledAsync(db, oldUid, snapshot, root, booking, at, now, ct);
            ids.Add(oldUid);
        }

        if (trigger == Triggers.Reassigned)
        {
            var (from, to) = await ReassignedHostsAsync(root, booking, hostsBefore, hosts, ct);
            await RecordReassignmentAsync(db, booking, from?.Id, to, null, at ?? now, now, ReassignmentSource.CalComWebhook, ct);
        }

        var verb = trigger == Triggers.Requested && ids.Count > 1 ? "rescheduled (waits for confirmation)" : Verb(trigger);
        var notices = new List<ChangeNotice> { new(ChangeNotice.Bookings, ids, $"Cal.com: booking '{booking.Title}' {verb}") };
        if (hosts.CreatedCount > hostsCreatedBefore) notices.Add(new ChangeNotice(ChangeNotice.Hosts, [], "Cal.com: a new host appeared and needs review"));
        return new ApplyResult(DeliveryOutcome.Applied, null, notices);
    }

    /// <summary>
    /// The booking a delivery moved this one from. Besides BOOKING_RESCHEDULED, Cal.com announces a reschedule that waits
    /// for confirmation (the event type needs it and the organizer did not reschedule) as BOOKING_REQUESTED with
    /// <c>rescheduleUid</c>: the old booking is closed just the same.
    /// </summary>
    private static string? RescheduledFrom(string trigger, BookingSnapshot snapshot) =>
        trigger is Triggers.Rescheduled or Triggers.Requested && snapshot.RescheduleUid is { Length: > 0 } uid && uid != snapshot.Uid ? uid : null;

    /// <summary>
    /// Copies a booking as Cal.com describes it onto its row. Also used to reflect Cal.com's answer to an action taken in
    /// CalAdmin (Features/Bookings/Actions/BookingMirror), with <paramref name="at"/> null so the webhook that follows still applies.
    /// </summary>
    internal static async Task CopyAsync(AppDbContext db, Booking booking, BookingSnapshot s, BookingStatus status, HostDirectory hosts, DateTime? at, DateTime now, CancellationToken ct)
    {
        booking.CalComId = s.CalComId ?? booking.CalComId;
        booking.Title = s.Title;
        booking.StartUtc = s.Start;
        booking.EndUtc = s.End;
        booking.Status = status;
        booking.CalComEventTypeId = s.EventTypeId ?? booking.CalComEventTypeId;
        booking.CalComEventTypeTitle = s.EventTypeTitle ?? booking.CalComEventTypeTitle ?? s.EventTypeSlug;
        if (s.EventTypeId is { } eventTypeId)
            booking.EventTypeId = await hosts.EventTypeIdAsync(eventTypeId, s.EventTypeSlug, s.Organizer?.Id, ct) ?? booking.EventTypeId;
        booking.Location = s.Location ?? booking.Location;
        booking.MeetingUrl = s.MeetingUrl ?? booking.MeetingUrl;
        booking.Description = s.Description ?? booking.Description;
        booking.ResponsesJson = s.ResponsesJson ?? booking.ResponsesJson;
        booking.CancellationReason = s.CancellationReason ?? s.RejectionReason ?? booking.CancellationReason;
        booking.CalComUpdatedAt = at ?? booking.CalComUpdatedAt;
        booking.CalComCreatedAt ??= at;
        booking.LastEventAt = at ?? booking.LastEventAt;
        booking.UpdatedAt = now;

        // Hosts in Cal.com's order: the organizer (hosts[0]) first, then the other team members.
        var ordered = new List<Host>();
        foreach (var reference in new[] { s.Organizer }.Concat(s.TeamMembers))
            if (await hosts.ResolveAsync(reference, ct) is { } host && !ordered.Contains(host))
                ordered.Add(host);
        if (ordered.Count > 0)
        {
            // Reconcile rather than replace: a removed and re-added row with the same key would clash in the tracker.
            booking.Hosts.RemoveAll(h => !ordered.Contains(h.Host));
            for (var i = 0; i < ordered.Count; i++)
            {
                var row = booking.Hosts.FirstOrDefault(h => h.Host == ordered[i]);
                if (row is null) booking.Hosts.Add(row = new BookingHost { Host = ordered[i] });
                row.Order = i;
            }
        }
        foreach (var bookingHost in booking.Hosts) bookingHost.StartUtc = s.Start;

        if (s.Attendees.Count > 0)
        {
            // Absence is set by no-show updates, which full deliveries do not repeat: keep it by email.
            var absentEmails = booking.Attendees.Where(a => a.Absent).Select(a => a.Email.ToLowerInvariant()).ToHashSet();
            booking.Attendees.Clear();
            foreach (var a in s.Attendees)
                booking.Attendees.Add(new Attendee
                {
                    Name = Truncate(a.Name, 300), Email = Truncate(a.Email, 320), TimeZone = a.TimeZone, PhoneNumber = a.PhoneNumber,
                    Absent = a.NoShow ?? absentEmails.Contains(a.Email.ToLowerInvariant()),
                });
        }
    }

    private static async Task MarkRescheduledAsync(AppDbContext db, string oldUid, BookingSnapshot s, JsonElement? root, Booking replacement, DateTime? at, DateTime now, CancellationToken ct)
    {
        var old = await LoadAsync(db, oldUid, ct);
        if (old is null)
        {
            // The old booking was never mirrored (or its delivery is still on its way): record it from what the
            // reschedule says, so that its late BOOKING_CREATED is recognised as older and changes nothing.
            var p = root is { } body ? WebhookPayload.BookingElement(body) : default;
            old = new Booking
            {
                Uid = oldUid, Title = s.Title, CreatedAt = now, CalComId = p.Int("rescheduleId"),
                StartUtc = p.Time("rescheduleStartTime") ?? s.Start, EndUtc = p.Time("rescheduleEndTime") ?? s.End,
                CalComEventTypeId = replacement.CalComEventTypeId, EventTypeId = replacement.EventTypeId,
            };
            foreach (var h in replacement.Hosts)
                old.Hosts.Add(new BookingHost { Host = h.Host, Order = h.Order, StartUtc = old.StartUtc });
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

    private static async Task<ApplyResult> ApplyNoShowAsync(AppDbContext db, WebhookDelivery delivery, JsonElement root, CancellationToken ct)
    {
        if (delivery.BookingUid is null) return ApplyResult.Of(DeliveryOutcome.Failed, "The no-show update names no booking.");
        var booking = await LoadAsync(db, delivery.BookingUid, ct);
        if (booking is null) return ApplyResult.Of(DeliveryOutcome.Waiting, "The booking is not mirrored yet.");
        if (delivery.CalComCreatedAt is { } at && booking.NoShowUpdatedAt is { } last && at < last)
            return ApplyResult.Of(DeliveryOutcome.Stale, $"Older than the booking's last no-show update ({last:O}).");

        var (attendees, hostNoShow) = WebhookPayload.ReadNoShow(root);
        foreach (var (email, noShow) in attendees)
            foreach (var attendee in booking.Attendees.Where(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)))
                attendee.Absent = noShow;
        if (hostNoShow is { } hostAbsent)
        {
            booking.HostAbsent = hostAbsent;
            foreach (var h in booking.Hosts) h.Absent = hostAbsent;
        }
        booking.NoShowUpdatedAt = delivery.CalComCreatedAt ?? booking.NoShowUpdatedAt;
        return new ApplyResult(DeliveryOutcome.Applied, null,
            [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid], $"Cal.com: no-show updated on '{booking.Title}'")]);
    }

    private static async Task<ApplyResult> ApplyMeetingAsync(AppDbContext db, WebhookDelivery delivery, string trigger, CancellationToken ct)
    {
        if (delivery.BookingUid is null) return ApplyResult.Of(DeliveryOutcome.Failed, "The meeting update names no booking.");
        var booking = await LoadAsync(db, delivery.BookingUid, ct);
        if (booking is null) return ApplyResult.Of(DeliveryOutcome.Waiting, "The booking is not mirrored yet.");
        // Flat meeting payloads carry the booking's createdAt, not the event's: order them by state instead.
        var state = trigger == Triggers.MeetingEnded ? MeetingState.Ended : MeetingState.Started;
        if (state <= booking.MeetingState)
            return ApplyResult.Of(DeliveryOutcome.Stale, $"The meeting is already {booking.MeetingState.ToString().ToLowerInvariant()}.");
        booking.MeetingState = state;
        booking.MeetingStateAt = state == MeetingState.Started ? booking.StartUtc : booking.EndUtc;
        return new ApplyResult(DeliveryOutcome.Applied, null,
            [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid], $"Cal.com: meeting '{booking.Title}' {(state == MeetingState.Ended ? "ended" : "started")}")]);
    }

    internal static Task<Booking?> LoadAsync(AppDbContext db, string uid, CancellationToken ct) =>
        db.Bookings.Include(b => b.Hosts).ThenInclude(h => h.Host).Include(b => b.Attendees).FirstOrDefaultAsync(b => b.Uid == uid, ct);

    private static bool IsClosed(BookingStatus status) => status is BookingStatus.Cancelled or BookingStatus.Rejected or BookingStatus.Rescheduled;

    public static BookingStatus StatusFor(string trigger, string? payloadStatus) => trigger switch
    {
        Triggers.Cancelled => BookingStatus.Cancelled,
        Triggers.Rejected => BookingStatus.Rejected,
        Triggers.Requested => BookingStatus.Pending,
        Triggers.PaymentInitiated => BookingStatus.AwaitingPayment,
        _ => payloadStatus?.ToUpperInvariant() switch
        {
            "PENDING" or "AWAITING_HOST" => BookingStatus.Pending,
            "CANCELLED" => BookingStatus.Cancelled,
            "REJECTED" => BookingStatus.Rejected,
            _ => BookingStatus.Accepted,
        },
    };

    private static string Verb(string trigger) => trigger switch
    {
        Triggers.Created => "created",
        Triggers.Requested => "requested (needs confirmation)",
        Triggers.PaymentInitiated => "awaiting payment",
        Triggers.Paid => "paid",
        Triggers.Rescheduled => "rescheduled",
        Triggers.Cancelled => "cancelled",
        Triggers.Rejected => "declined",
        Triggers.Reassigned => "reassigned",
        _ => "updated",
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>Cal.com's trigger names.</summary>
public static class Triggers
{
    public const string Created = "BOOKING_CREATED";
    public const string Requested = "BOOKING_REQUESTED";
    public const string PaymentInitiated = "BOOKING_PAYMENT_INITIATED";
    public const string Paid = "BOOKING_PAID";
    public const string Rescheduled = "BOOKING_RESCHEDULED";
    public const string Cancelled = "BOOKING_CANCELLED";
    public const string Rejected = "BOOKING_REJECTED";
    public const string Reassigned = "BOOKING_REASSIGNED";
    public const string NoShowUpdated = "BOOKING_NO_SHOW_UPDATED";
    public const string MeetingStarted = "MEETING_STARTED";
    public const string MeetingEnded = "MEETING_ENDED";
    public const string Ping = "PING";

    /// <summary>The triggers CalAdmin subscribes to.</summary>
    public static readonly string[] Needed = [Created, Requested, PaymentInitiated, Paid, Rescheduled, Cancelled, Rejected, Reassigned, NoShowUpdated, MeetingStarted, MeetingEnded];
}
