using CalAdmin.Web.Features.Hosts;

namespace CalAdmin.Web.Features.EventTypes;

public class EventType
{
    public int Id { get; set; }
    public int CalComId { get; set; }
    public string? Slug { get; set; }
    public required string Title { get; set; }
    public int LengthMinutes { get; set; }
    public SchedulingType SchedulingType { get; set; }
    public int? TeamId { get; set; }
    public bool RequiresConfirmation { get; set; }
    public bool AssignAllTeamMembers { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<EventTypeHost> Hosts { get; set; } = [];
    /// <summary>A managed event type's per-host children (none for other kinds).</summary>
    public List<ManagedChildEventType> Children { get; set; } = [];
}

/// <summary>
/// A per-host child of a managed event type. Cal.com books a managed event type only through its children, so a
/// booking names the child's id; the mirror files that booking under the parent (the event type the team works with).
/// Cal.com lists no children, so a child is learnt from a booking of it (the parent's slug, organizer among its hosts).
/// </summary>
public class ManagedChildEventType
{
    /// <summary>The child's Cal.com event type id (the key: Cal.com ids are unique).</summary>
    public int CalComId { get; set; }
    /// <summary>The parent: the local managed event type.</summary>
    public int EventTypeId { get; set; }
    public EventType EventType { get; set; } = null!;
    /// <summary>The Cal.com user the child belongs to.</summary>
    public int? OwnerCalComUserId { get; set; }
}

public class EventTypeHost
{
    public int EventTypeId { get; set; }
    public EventType EventType { get; set; } = null!;
    public int HostId { get; set; }
    public Host Host { get; set; } = null!;
    public bool Mandatory { get; set; }
    /// <summary>
    /// Cal.com round-robin priority, 0 (lowest) to 4 (highest), as its API reports it (a stored 0 comes back as medium).
    /// There is no weight: Cal.com's API never reports one.
    /// </summary>
    public int? Priority { get; set; }
}

public enum SchedulingType
{
    None = 0,
    RoundRobin = 1,
    Collective = 2,
    Managed = 3,
}
