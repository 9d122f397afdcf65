namespace CalAdmin.Sandbox.Webhooks;

/// <summary>
/// The triggers an instance accepts on webhook create/update (Cal.com validates each against its
/// <c>WebhookTriggerEvents</c> enum: apps/api/v2/src/modules/webhooks/inputs/webhook.input.ts). The lists are those of
/// CreateWebhookInputDto in the 2026 docs and in the October 2025 spec.
/// </summary>
public static class TriggerCatalog
{
    public static readonly IReadOnlyList<string> Triggers2026 =
    [
        "BOOKING_CREATED", "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID", "BOOKING_RESCHEDULED", "BOOKING_REQUESTED",
        "BOOKING_CANCELLED", "BOOKING_REJECTED", "BOOKING_NO_SHOW_UPDATED", "BOOKING_LOCATION_UPDATED", "BOOKING_REASSIGNED",
        "FORM_SUBMITTED", "MEETING_ENDED", "MEETING_STARTED", "RECORDING_READY", "INSTANT_MEETING", "INSTANT_MEETING_ACCEPTED",
        "RECORDING_TRANSCRIPTION_GENERATED", "OOO_CREATED", "AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
        "FORM_SUBMITTED_NO_EVENT", "ROUTING_FORM_FALLBACK_HIT", "DELEGATION_CREDENTIAL_ERROR", "WRONG_ASSIGNMENT_REPORT",
        "DELEGATION_CREDENTIAL_SECRET_ROTATION_FAILED", "DELEGATION_CREDENTIAL_ROTATION_REQUIRED",
        "DELEGATION_CREDENTIAL_SECRET_ROTATED", "CALENDAR_ENTRY_REJECTED",
    ];

    /// <summary>Builds up to late 2025: no BOOKING_REASSIGNED or BOOKING_LOCATION_UPDATED (among others).</summary>
    public static readonly IReadOnlyList<string> Legacy2025 =
    [
        "BOOKING_CREATED", "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID", "BOOKING_RESCHEDULED", "BOOKING_REQUESTED",
        "BOOKING_CANCELLED", "BOOKING_REJECTED", "BOOKING_NO_SHOW_UPDATED", "FORM_SUBMITTED", "MEETING_ENDED", "MEETING_STARTED",
        "RECORDING_READY", "INSTANT_MEETING", "RECORDING_TRANSCRIPTION_GENERATED", "OOO_CREATED",
        "AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW", "FORM_SUBMITTED_NO_EVENT",
    ];

    /// <summary>Reads <see cref="SandboxOptions.WebhookTriggers"/>: "2026", "Legacy2025" or a comma-separated list.</summary>
    public static IReadOnlySet<string> Parse(string? setting) => (setting ?? "").Trim() switch
    {
        "" or "2026" => Triggers2026.ToHashSet(StringComparer.Ordinal),
        var s when s.Equals("Legacy2025", StringComparison.OrdinalIgnoreCase) => Legacy2025.ToHashSet(StringComparer.Ordinal),
        var s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
    };
}
