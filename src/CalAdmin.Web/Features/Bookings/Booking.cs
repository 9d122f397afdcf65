using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Hosts;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>The local mirror of one Cal.com booking. Instants are UTC.</summary>
public class Booking
{
    public int Id { get; set; }
    public int? CalComId { get; set; }
    public required string Uid { get; set; }
    public required string Title { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public BookingStatus Status { get; set; }
    public int? EventTypeId { get; set; }
    public EventType? EventType { get; set; }
    /// <summary>Cal.com's event type id, kept even when the event type is not (yet) mirrored.</summary>
    public int? CalComEventTypeId { get; set; }
    /// <summary>
    /// The event type's own name as the booking gives it (a delivery's <c>eventTitle</c>, else the slug the API gives):
    /// shown when the event type is not mirrored, e.g. a managed child whose parent CalAdmin cannot link it to.
    /// </summary>
    public string? CalComEventTypeTitle { get; set; }
    public string? Location { get; set; }
    public string? MeetingUrl { get; set; }
    public string? Description { get; set; }
    /// <summary>Cal.com's booking responses (form answers) as JSON text.</summary>
    public string? ResponsesJson { get; set; }
    public string? RescheduledFromUid { get; set; }
    public string? RescheduledToUid { get; set; }
    public string? CancellationReason { get; set; }
    public DateTime? CalComCreatedAt { get; set; }
    public DateTime? CalComUpdatedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Cal.com's createdAt of the newest full booking delivery applied; older ones are stale.</summary>
    public DateTime? LastEventAt { get; set; }
    /// <summary>Cal.com's createdAt of the newest no-show update applied.</summary>
    public DateTime? NoShowUpdatedAt { get; set; }
    public MeetingState MeetingState { get; set; }
    public DateTime? MeetingStateAt { get; set; }
    /// <summary>True when the host did not show (Cal.com's absentHost / noShowHost).</summary>
    public bool HostAbsent { get; set; }
    public List<BookingHost> Hosts { get; set; } = [];
    public List<Attendee> Attendees { get; set; } = [];
}

public enum BookingStatus
{
    Accepted = 0,
    Pending = 1,
    Cancelled = 2,
    Rejected = 3,
    Rescheduled = 4,
    AwaitingPayment = 5,
}

/// <summary>The statuses a booking still takes place in (lists, calendar, figures) and those it ended in.</summary>
public static class BookingStatusGroups
{
    public static readonly BookingStatus[] Live = [BookingStatus.Accepted, BookingStatus.Pending, BookingStatus.AwaitingPayment];
    public static readonly BookingStatus[] Ended = [BookingStatus.Cancelled, BookingStatus.Rejected, BookingStatus.Rescheduled];
}

public enum MeetingState
{
    NotStarted = 0,
    Started = 1,
    Ended = 2,
}

/// <summary>A host of a booking; <see cref="Order"/> 0 is Cal.com's <c>hosts[0]</c>, the organizer.</summary>
public class BookingHost
{
    public int BookingId { get; set; }
    public Booking Booking { get; set; } = null!;
    public int HostId { get; set; }
    public Host Host { get; set; } = null!;
    public int Order { get; set; }
    /// <summary>Copy of the booking's start, so "bookings of a host by date" is one index seek.</summary>
    public DateTime StartUtc { get; set; }
    /// <summary>
    /// Copy of the booking's status, so a host's tab (upcoming, past, cancelled) is read from the host's index alone.
    /// The copies are written by every save that touches the booking (<see cref="BookingHostCopies"/>).
    /// </summary>
    public BookingStatus Status { get; set; }
    /// <summary>
    /// Copy of the booking's event type, so a host's bookings of one event type are picked from the host's index before
    /// any booking row is read (the list still checks the booking's own event type).
    /// </summary>
    public int? EventTypeId { get; set; }
    public bool Absent { get; set; }
}

public class Attendee
{
    public int Id { get; set; }
    public int BookingId { get; set; }
    public Booking Booking { get; set; } = null!;
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? TimeZone { get; set; }
    public string? PhoneNumber { get; set; }
    public bool Absent { get; set; }
}
