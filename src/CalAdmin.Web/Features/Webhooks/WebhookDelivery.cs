namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// One verified delivery from Cal.com, stored before it is acknowledged (the durable inbox) and applied afterwards.
/// Cal.com sends no event id, so <see cref="DedupKey"/> is SHA-256 of trigger + booking uid + Cal.com's createdAt.
/// </summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string Trigger { get; set; }
    public string? BookingUid { get; set; }
    /// <summary>Cal.com's <c>createdAt</c> of the delivery: the order deliveries of one booking are applied in.</summary>
    public DateTime? CalComCreatedAt { get; set; }
    public string? WebhookVersion { get; set; }
    public required string DedupKey { get; set; }
    public required string RawBody { get; set; }
    public DeliveryOutcome Outcome { get; set; }
    public string? Error { get; set; }
    public DateTime? ProcessedAt { get; set; }
    /// <summary>How many more times Cal.com (or a sender) delivered exactly this; duplicates change nothing.</summary>
    public int DuplicateCount { get; set; }
    public DateTime? LastDuplicateAt { get; set; }
}

public enum DeliveryOutcome
{
    /// <summary>Stored and acknowledged, not yet applied (the applier picks it up, also after a restart).</summary>
    Pending = 0,
    Applied = 1,
    /// <summary>Older than what the booking already reflects, or about a booking that is final (cancelled/rejected).</summary>
    Stale = 2,
    /// <summary>A trigger that concerns no booking row (PING, forms, out-of-office, ...).</summary>
    Ignored = 3,
    Failed = 4,
    /// <summary>A partial update (no-show, meeting state) for a booking not mirrored yet; applied when the booking arrives.</summary>
    Waiting = 5,
}

/// <summary>Deliveries refused for their signature, counted per hour and reason (never with the body).</summary>
public class WebhookRejection
{
    public DateTime Hour { get; set; }
    public required string Reason { get; set; }
    public int Count { get; set; }
}
