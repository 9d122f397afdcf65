namespace CalAdmin.Sandbox.Model;

/// <summary>How a team event type assigns hosts; null for a personal event type. Values as the 2024-06-14 API writes them.</summary>
public static class SchedulingTypes
{
    public const string RoundRobin = "roundRobin";
    public const string Collective = "collective";
    public const string Managed = "managed";

    /// <summary>The database spelling Cal.com puts into webhook payloads.</summary>
    public static string? ToWebhookValue(string? schedulingType) => schedulingType switch
    {
        RoundRobin => "ROUND_ROBIN",
        Collective => "COLLECTIVE",
        Managed => "MANAGED",
        _ => null,
    };
}

public sealed class SandboxEventType
{
    public required int Id { get; init; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = "";
    public int LengthInMinutes { get; set; } = 30;
    /// <summary>Cal.com's multipleDuration (API: lengthInMinutesOptions): the lengths a booker may choose; empty for one fixed length.</summary>
    public List<int> LengthOptions { get; } = [];
    /// <summary>Null for a personal event type.</summary>
    public int? TeamId { get; init; }
    /// <summary>The owner of a personal event type, or the user a managed child belongs to.</summary>
    public int? OwnerId { get; init; }
    public string? SchedulingType { get; set; }
    public int? ParentEventTypeId { get; init; }
    public bool AssignAllTeamMembers { get; set; }
    public bool RequiresConfirmation { get; set; }
    /// <summary>Cal.com's requiresConfirmationWillBlockSlot: an unconfirmed booking keeps its slot taken.</summary>
    public bool BlockUnconfirmedBookings { get; set; }
    public int MinimumBookingNoticeMinutes { get; set; }
    public List<EventTypeHost> Hosts { get; } = [];
    public List<BookingField> BookingFields { get; } = [];
    public string LocationType { get; set; } = "integration";

    public bool IsTeamEvent => TeamId is not null;
}

/// <summary>
/// A host of a team event type; priority is 0 (lowest) .. 4 (highest) as stored by Cal.com. Cal.com's weights are not
/// here: its API never reports them, so nothing the sandbox answers may depend on them.
/// </summary>
public sealed record EventTypeHost(int UserId, bool Mandatory = false, int Priority = 2)
{
    /// <summary>
    /// As output-team-event-types.service.ts writes it: <c>getPriorityLabel(priority || 2)</c>, so a stored 0 (lowest)
    /// is reported as "medium" and "lowest" never appears.
    /// </summary>
    public string PriorityName => Priority switch
    {
        1 => "low",
        3 => "high",
        4 => "highest",
        _ => "medium",
    };
}

/// <summary>A custom booking question; the default name/email/location fields are implied.</summary>
public sealed record BookingField(string Slug, string Type, string Label, bool Required, string Placeholder = "");
