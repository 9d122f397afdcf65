namespace CalAdmin.Sandbox.Model;

/// <summary>Who a webhook belongs to decides which bookings it hears about.</summary>
public enum WebhookScope
{
    /// <summary>Personal event types of the user only (Cal.com does not send team events to user webhooks).</summary>
    User,
    EventType,
    Organization,
}

public sealed class SandboxWebhook
{
    /// <summary>A UUID string, as Cal.com's ids are.</summary>
    public required string Id { get; init; }
    public required WebhookScope Scope { get; init; }
    /// <summary>User id, event type id or organization id, depending on <see cref="Scope"/>.</summary>
    public required int OwnerId { get; init; }
    public required string SubscriberUrl { get; set; }
    public List<string> Triggers { get; } = [];
    public string? Secret { get; set; }
    public bool Active { get; set; } = true;
    public string? PayloadTemplate { get; set; }
}

public sealed record SandboxTeam(int Id, string Name, string Slug, int? ParentId, bool IsOrganization);

/// <summary>A slot held for a few minutes by POST /v2/slots/reservations.</summary>
public sealed record SlotReservation(string Uid, int EventTypeId, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Until);
