using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Web.Features.Reassignments;

/// <summary>One host change of one booking, from whichever source noticed it. Cal.com keeps no such history.</summary>
public class Reassignment
{
    public long Id { get; set; }
    public int BookingId { get; set; }
    public Booking Booking { get; set; } = null!;
    public int? FromHostId { get; set; }
    public Host? FromHost { get; set; }
    public int? ToHostId { get; set; }
    public Host? ToHost { get; set; }
    public string? Reason { get; set; }
    public ReassignmentSource Source { get; set; }
    /// <summary>The dashboard user who reassigned (source CalAdmin), or Cal.com's reassigning user when it says.</summary>
    public string? ByUser { get; set; }
    /// <summary>When the reassignment happened (Cal.com's createdAt for webhooks).</summary>
    public DateTime At { get; set; }
    public DateTime RecordedAt { get; set; }
}

public enum ReassignmentSource
{
    CalComWebhook = 0,
    CalAdmin = 1,
    Reconciliation = 2,
}
