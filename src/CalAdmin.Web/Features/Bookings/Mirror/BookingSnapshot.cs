using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>A Cal.com user a booking names (organizer, team member), as far as the source tells.</summary>
public sealed record HostRef(int? Id, string? Name, string? Email, string? Username, string? TimeZone);

public sealed record AttendeeRef(string Name, string Email, string? TimeZone, string? PhoneNumber, bool? NoShow);

/// <summary>
/// A booking as Cal.com describes it, whichever way it came: a webhook delivery (<see cref="BookingMirror.SnapshotOf"/>), an action's
/// answer or a listed booking (<see cref="ListedBookings.Snapshot"/>). The optional parts are what only some sources tell.
/// </summary>
public sealed record BookingSnapshot(
    string Uid,
    int? CalComId,
    string Title,
    DateTime Start,
    DateTime End,
    string? Status,
    int? EventTypeId,
    string? EventTypeSlug,
    string? Location,
    string? MeetingUrl,
    string? Description,
    string? ResponsesJson,
    string? RescheduleUid,
    string? CancellationReason,
    string? RejectionReason,
    HostRef? Organizer,
    IReadOnlyList<HostRef> TeamMembers,
    IReadOnlyList<AttendeeRef> Attendees,
    string? EventTypeTitle = null)
{
    /// <summary>The booking that replaced this one (Cal.com's lists and answers name it on the old booking).</summary>
    public string? RescheduledToUid { get; init; }

    /// <summary>What a reschedule's delivery tells of the booking it replaced, for when the mirror never had it.</summary>
    public int? PreviousCalComId { get; init; }
    public DateTime? PreviousStart { get; init; }
    public DateTime? PreviousEnd { get; init; }

    /// <summary>BOOKING_REASSIGNED: the Cal.com user ids that joined and left; empty when the source does not say.</summary>
    public IReadOnlyList<int> AddedHostIds { get; init; } = [];
    public IReadOnlyList<int> RemovedHostIds { get; init; } = [];

    public bool? HostAbsent { get; init; }

    /// <summary>Cal.com's own createdAt / updatedAt of the booking (answers and lists carry them, deliveries do not).</summary>
    public DateTime? CalComCreatedAt { get; init; }
    public DateTime? CalComUpdatedAt { get; init; }
}

/// <summary>What applying a booking state came to. See docs/mirror.md.</summary>
public enum MirrorOutcome
{
    Applied,
    /// <summary>The mirror already holds this state or a newer one; nothing changed.</summary>
    Stale,
    /// <summary>A partial update whose booking is not mirrored yet; apply it again once the booking is there.</summary>
    Waiting,
    Ignored,
    Failed,
}

public sealed record MirrorResult(MirrorOutcome Outcome, string? Error, IReadOnlyList<ChangeNotice> Changes)
{
    /// <summary>A host change was written into the reassignment history.</summary>
    public bool Reassigned { get; init; }

    public static MirrorResult Of(MirrorOutcome outcome, string? error = null) => new(outcome, error, []);
}
