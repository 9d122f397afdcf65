using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// The one write path of the booking rows: applies a Cal.com booking state, whatever brought it (a webhook delivery,
/// the answer to an action taken in CalAdmin, the first import, reconciliation), and returns the change notices.
/// One instance per unit of work (one context, one "now"); its <see cref="Hosts"/> resolver is shared by the states
/// applied in it. Ordering, staleness and who may write what: see docs/mirror.md.
/// </summary>
public sealed partial class BookingMirror(AppDbContext db, DateTime now)
{
    /// <summary>Finds (and, for a user no sync has seen, creates) the host rows the states name.</summary>
    public HostResolver Hosts { get; } = new(db, now);

    /// <summary>How many hosts this unit of work created.</summary>
    public int HostsCreated => Hosts.CreatedCount;

    /// <summary>
    /// Applies a booking read from Cal.com's list (the first import, reconciliation) as the delivery Cal.com would send
    /// for its current state, ordered by its updatedAt. With <paramref name="hostChangeSource"/>, a host that left and one
    /// that joined go into the reassignment history. See docs/mirror.md.
    /// </summary>
    public Task<MirrorResult> ApplyListedAsync(CalComBooking b, ReassignmentSource? hostChangeSource, CancellationToken ct) =>
        ApplyAsync(new BookingState(ListedBookings.TriggerOf(b), ListedBookings.Snapshot(b), ListedBookings.ChangedAt(b)) { HostChangeSource = hostChangeSource }, ct);

    /// <summary>
    /// Reflects Cal.com's answer to an action taken in CalAdmin. The answer orders by its updatedAt but never moves
    /// <see cref="Booking.LastEventAt"/>, so the webhook that follows the action still applies. See docs/mirror.md.
    /// </summary>
    public async Task<Booking> ApplyAnswerAsync(CalComBooking answer, CancellationToken ct)
    {
        var snapshot = ListedBookings.Snapshot(answer) with { HostAbsent = answer.AbsentHost };
        await ApplyAsync(new BookingState(ListedBookings.TriggerOf(answer), snapshot, At: null) { IsAnswer = true }, ct);
        // Applied or stale, the row is tracked now (a new one is not saved yet, so it is not queried).
        return db.Bookings.Local.FirstOrDefault(b => b.Uid == answer.Uid) ?? await LoadAsync(answer.Uid, ct) ?? throw new InvalidOperationException($"Booking {answer.Uid} is not in the mirror after applying it.");
    }

    public Task<Booking?> LoadAsync(string uid, CancellationToken ct) =>
        db.Bookings.Include(b => b.Hosts).ThenInclude(h => h.Host).Include(b => b.Attendees).FirstOrDefaultAsync(b => b.Uid == uid, ct);

    /// <summary>A booking state: what Cal.com says, the trigger it says it with, and the Cal.com instant it is ordered by.</summary>
    private sealed record BookingState(string Trigger, BookingSnapshot Snapshot, DateTime? At)
    {
        /// <summary>An action's answer: ordered by the snapshot's updatedAt, never written as <see cref="Booking.LastEventAt"/>.</summary>
        public bool IsAnswer { get; init; }
        public ReassignmentSource? HostChangeSource { get; init; }
    }

    private async Task<MirrorResult> ApplyAsync(BookingState state, CancellationToken ct)
    {
        var (trigger, snapshot, at) = state;
        var booking = await LoadAsync(snapshot.Uid, ct);
        if (booking is not null && StaleReason(booking, state) is { } staleReason)
        {
            // A reschedule's link between the old and the new booking is a fact of its own: it holds even when a
            // newer state (say, the new booking's cancellation) arrived first.
            if (RescheduledFrom(trigger, snapshot) is { } linkUid && booking.RescheduledFromUid is null)
            {
                await LinkRescheduleAsync(linkUid, booking, snapshot, at, ct);
                return new MirrorResult(MirrorOutcome.Applied, "Only the reschedule link: the booking already reflects a newer delivery.",
                    [new ChangeNotice(ChangeNotice.Bookings, [booking.Uid, linkUid], $"Cal.com: booking '{booking.Title}' rescheduled")]);
            }
            return MirrorResult.Of(MirrorOutcome.Stale, staleReason);
        }

        var hostsCreatedBefore = Hosts.CreatedCount;
        var existed = booking is not null;
        var hostsBefore = booking?.Hosts.Select(h => h.Host).ToList() ?? [];
        if (booking is null)
        {
            booking = new Booking { Uid = snapshot.Uid, Title = snapshot.Title, CreatedAt = now };
            db.Bookings.Add(booking);
        }

        await CopyAsync(booking, snapshot, StatusFor(trigger, snapshot), at, ct);
        var ids = new List<string> { booking.Uid };
        if (RescheduledFrom(trigger, snapshot) is { } oldUid)
        {
            await LinkRescheduleAsync(oldUid, booking, snapshot, at, ct);
            ids.Add(oldUid);
        }

        var reassigned = false;
        if (trigger == Triggers.Reassigned)
            reassigned = await RecordReassignedAsync(booking, snapshot, hostsBefore, at ?? now, ct);
        else if (state.HostChangeSource is { } source && existed)
            reassigned = await RecordHostChangeAsync(booking, hostsBefore, at ?? now, source, ct);

        var verb = trigger == Triggers.Requested && ids.Count > 1 ? "rescheduled (waits for confirmation)" : Verb(trigger);
        var notices = new List<ChangeNotice> { new(ChangeNotice.Bookings, ids, $"Cal.com: booking '{booking.Title}' {verb}") };
        if (Hosts.CreatedCount > hostsCreatedBefore) notices.Add(new ChangeNotice(ChangeNotice.Hosts, [], "Cal.com: a new host appeared and needs review"));
        return new MirrorResult(MirrorOutcome.Applied, null, notices) { Reassigned = reassigned };
    }

    /// <summary>Why the mirror keeps what it has rather than this state; null when the state applies. See docs/mirror.md.</summary>
    private static string? StaleReason(Booking booking, BookingState state)
    {
        if (state.IsAnswer)
        {
            if (booking.LastEventAt is { } last && state.Snapshot.CalComUpdatedAt is { } updated && last >= updated)
                return $"A delivery as new as the answer ({last:O}) is already applied.";
        }
        else if (state.At is { } at && booking.LastEventAt is { } last && at < last)
        {
            return $"Older than the booking's last update ({last:O}).";
        }
        if (IsClosed(booking.Status) && state.Trigger is not (Triggers.Cancelled or Triggers.Rejected))
            return $"The booking is {booking.Status.ToString().ToLowerInvariant()}; {state.Trigger} does not reopen it.";
        return null;
    }

    /// <summary>Copies a booking as Cal.com describes it onto its row; <paramref name="at"/> null leaves the ordering instant alone.</summary>
    private async Task CopyAsync(Booking booking, BookingSnapshot s, BookingStatus status, DateTime? at, CancellationToken ct)
    {
        booking.CalComId = s.CalComId ?? booking.CalComId;
        booking.Title = s.Title;
        booking.StartUtc = s.Start;
        booking.EndUtc = s.End;
        booking.Status = status;
        booking.CalComEventTypeId = s.EventTypeId ?? booking.CalComEventTypeId;
        booking.CalComEventTypeTitle = s.EventTypeTitle ?? booking.CalComEventTypeTitle ?? s.EventTypeSlug;
        if (s.EventTypeId is { } eventTypeId)
            booking.EventTypeId = await Hosts.EventTypeIdAsync(eventTypeId, s.EventTypeSlug, s.EventTypeTitle, s.Organizer?.Id, ct) ?? booking.EventTypeId;
        booking.Location = s.Location ?? booking.Location;
        booking.MeetingUrl = s.MeetingUrl ?? booking.MeetingUrl;
        booking.Description = s.Description ?? booking.Description;
        booking.ResponsesJson = s.ResponsesJson ?? booking.ResponsesJson;
        booking.CancellationReason = s.CancellationReason ?? s.RejectionReason ?? booking.CancellationReason;
        booking.CalComUpdatedAt = at ?? s.CalComUpdatedAt ?? booking.CalComUpdatedAt;
        booking.CalComCreatedAt ??= at ?? s.CalComCreatedAt;
        booking.LastEventAt = at ?? booking.LastEventAt;
        booking.UpdatedAt = now;
        if (s.RescheduledToUid is { Length: > 0 } to) booking.RescheduledToUid = to;

        // Hosts in Cal.com's order: the organizer (hosts[0]) first, then the other team members.
        var ordered = new List<Host>();
        foreach (var reference in new[] { s.Organizer }.Concat(s.TeamMembers))
            if (await Hosts.ResolveAsync(reference, ct) is { } host && !ordered.Contains(host))
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
        if (s.HostAbsent is { } hostAbsent)
        {
            booking.HostAbsent = hostAbsent;
            foreach (var organizer in booking.Hosts.Where(h => h.Order == 0)) organizer.Absent = hostAbsent;
        }

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

    private static bool IsClosed(BookingStatus status) => status is BookingStatus.Cancelled or BookingStatus.Rejected or BookingStatus.Rescheduled;

    /// <summary>The mirror's status for a state. The old booking of a reschedule is Rescheduled (see <see cref="LinkRescheduleAsync"/>).</summary>
    public static BookingStatus StatusFor(string trigger, BookingSnapshot s) => trigger switch
    {
        Triggers.Cancelled => Replaced(s) ? BookingStatus.Rescheduled : BookingStatus.Cancelled,
        Triggers.Rejected => BookingStatus.Rejected,
        Triggers.Requested => BookingStatus.Pending,
        Triggers.PaymentInitiated => BookingStatus.AwaitingPayment,
        _ => s.Status?.ToUpperInvariant() switch
        {
            "PENDING" or "AWAITING_HOST" => BookingStatus.Pending,
            "CANCELLED" => Replaced(s) ? BookingStatus.Rescheduled : BookingStatus.Cancelled,
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
