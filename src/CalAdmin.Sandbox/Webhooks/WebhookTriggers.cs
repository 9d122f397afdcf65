namespace CalAdmin.Sandbox.Webhooks;

/// <summary>The triggers the sandbox fires, spelled as Cal.com does.</summary>
public static class WebhookTriggers
{
    public const string BookingCreated = "BOOKING_CREATED";
    public const string BookingRequested = "BOOKING_REQUESTED";
    public const string BookingRescheduled = "BOOKING_RESCHEDULED";
    public const string BookingCancelled = "BOOKING_CANCELLED";
    public const string BookingRejected = "BOOKING_REJECTED";
    public const string BookingReassigned = "BOOKING_REASSIGNED";
    public const string BookingNoShowUpdated = "BOOKING_NO_SHOW_UPDATED";
    public const string OutOfOfficeCreated = "OOO_CREATED";

    public static readonly IReadOnlyList<string> All =
        [BookingCreated, BookingRequested, BookingRescheduled, BookingCancelled, BookingRejected, BookingReassigned, BookingNoShowUpdated, OutOfOfficeCreated];
}
