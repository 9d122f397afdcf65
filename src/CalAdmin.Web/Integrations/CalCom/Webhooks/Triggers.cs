namespace CalAdmin.Web.Integrations.CalCom.Webhooks;

/// <summary>Cal.com's trigger names.</summary>
public static class Triggers
{
    public const string Created = "BOOKING_CREATED";
    public const string Requested = "BOOKING_REQUESTED";
    public const string PaymentInitiated = "BOOKING_PAYMENT_INITIATED";
    public const string Paid = "BOOKING_PAID";
    public const string Rescheduled = "BOOKING_RESCHEDULED";
    public const string Cancelled = "BOOKING_CANCELLED";
    public const string Rejected = "BOOKING_REJECTED";
    public const string Reassigned = "BOOKING_REASSIGNED";
    public const string NoShowUpdated = "BOOKING_NO_SHOW_UPDATED";
    public const string MeetingStarted = "MEETING_STARTED";
    public const string MeetingEnded = "MEETING_ENDED";
    public const string OutOfOfficeCreated = "OOO_CREATED";
    public const string Ping = "PING";

    /// <summary>The triggers CalAdmin subscribes to (OOO_CREATED reaches user, team and organization webhooks only, not event-type ones).</summary>
    public static readonly string[] Needed = [Created, Requested, PaymentInitiated, Paid, Rescheduled, Cancelled, Rejected, Reassigned, NoShowUpdated, MeetingStarted, MeetingEnded, OutOfOfficeCreated];
}
