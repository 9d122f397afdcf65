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
}

public class EventTypeHost
{
    public int EventTypeId { get; set; }
    public EventType EventType { get; set; } = null!;
    public int HostId { get; set; }
    public Host Host { get; set; } = null!;
    public bool Mandatory { get; set; }
    /// <summary>Cal.com round-robin priority, 0 (lowest) to 4 (highest); 2 is medium.</summary>
    public int? Priority { get; set; }
    public int? Weight { get; set; }
}

public enum SchedulingType
{
    None = 0,
    RoundRobin = 1,
    Collective = 2,
    Managed = 3,
}
