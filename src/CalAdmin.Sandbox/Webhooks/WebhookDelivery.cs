namespace CalAdmin.Sandbox.Webhooks;

/// <summary>One attempted (or, with delivery switched off, skipped) webhook POST, as the sandbox logged it.</summary>
public sealed record WebhookDelivery(
    long Sequence,
    string WebhookId,
    string SubscriberUrl,
    string TriggerEvent,
    string Body,
    string Signature,
    int? StatusCode,
    string? Error,
    bool Skipped,
    DateTimeOffset At)
{
    /// <summary>Cal.com counts only a 2xx as delivered; a 3xx is a failure because redirects are not followed.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
