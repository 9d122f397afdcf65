namespace CalAdmin.Web.Features.Audit;

/// <summary>Who did what in the dashboard, when, to which record, with the record before and after (as JSON).</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

public static class Audit
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>An audit row for <paramref name="actor"/>; before/after are serialized snapshots (null for create/delete).</summary>
    public static AuditEntry Entry(System.Security.Claims.ClaimsPrincipal actor, string action, string entityType, string entityId, object? before, object? after, DateTime at) => new()
    {
        At = at,
        UserId = actor.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
        UserName = actor.Identity?.Name ?? "system",
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        Before = before is null ? null : System.Text.Json.JsonSerializer.Serialize(before, Json),
        After = after is null ? null : System.Text.Json.JsonSerializer.Serialize(after, Json),
    };
}
