namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>
/// A webhook subscription (user, event type or organization level). <see cref="Secret"/> is a secret: never log it.
/// <see cref="Id"/> is a UUID string (the spec says number; Cal.com's source and every delivery say otherwise).
/// </summary>
public sealed record CalComWebhook(
    string Id,
    string? SubscriberUrl,
    IReadOnlyList<string>? Triggers,
    bool Active,
    string? PayloadTemplate,
    string? Secret,
    int? UserId,
    int? EventTypeId,
    int? TeamId)
{
    public override string ToString() => $"CalComWebhook {{ Id = {Id}, SubscriberUrl = {SubscriberUrl}, Active = {Active} }}";
}

/// <summary>
/// The spec types <c>triggers</c> as one string; Cal.com takes and answers an array of triggers.
/// </summary>
public sealed record CreateWebhookRequest(
    bool Active,
    string SubscriberUrl,
    IReadOnlyList<string> Triggers,
    string? Secret = null,
    string? PayloadTemplate = null)
{
    public override string ToString() => $"CreateWebhookRequest {{ SubscriberUrl = {SubscriberUrl}, Active = {Active} }}";
}

/// <summary>PATCH of a webhook: only the fields given change (UpdateWebhookInputDto).</summary>
public sealed record UpdateWebhookRequest(IReadOnlyList<string>? Triggers = null, bool? Active = null);

public static class CalComWebhookTriggers
{
    public const string BookingCreated = "BOOKING_CREATED";
    public const string BookingRescheduled = "BOOKING_RESCHEDULED";
    public const string BookingCancelled = "BOOKING_CANCELLED";
    public const string BookingConfirmed = "BOOKING_CONFIRMED";
    public const string BookingRejected = "BOOKING_REJECTED";
    public const string BookingRequested = "BOOKING_REQUESTED";
    public const string BookingNoShowUpdated = "BOOKING_NO_SHOW_UPDATED";
    public const string MeetingStarted = "MEETING_STARTED";
    public const string MeetingEnded = "MEETING_ENDED";
}
