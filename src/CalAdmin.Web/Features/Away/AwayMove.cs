namespace CalAdmin.Web.Features.Away;

/// <summary>
/// "Move this host's bookings" for a date range: the plan a staff member confirmed, worked through by <see cref="AwayMoveJob"/>.
/// Each booking is an <see cref="AwayMoveItem"/> whose state is saved before and after its Cal.com call, so a restart
/// resumes where it stopped and never calls Cal.com twice for one booking.
/// </summary>
public class AwayMove
{
    public int Id { get; set; }
    public int HostId { get; set; }
    public Host Host { get; set; } = null!;
    public DateTime FromUtc { get; set; }
    public DateTime ToUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>The roles of <see cref="CreatedBy"/> when the move was confirmed: the job acts with them.</summary>
    public string CreatedByRoles { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public List<AwayMoveItem> Items { get; set; } = [];
}

public class AwayMoveItem
{
    public int Id { get; set; }
    public int MoveId { get; set; }
    public AwayMove Move { get; set; } = null!;
    public string BookingUid { get; set; } = "";
    public string? Title { get; set; }
    public DateTime StartUtc { get; set; }
    public AwayPlan Plan { get; set; }
    /// <summary>Reassign: the chosen host (null: Cal.com picks); rebook: unused.</summary>
    public int? ToCalComUserId { get; set; }
    /// <summary>Rebook: the event type of the replacement booking (another host's).</summary>
    public int? RebookEventTypeId { get; set; }
    public string? Reason { get; set; }
    public AwayItemState State { get; set; }
    public string? Result { get; set; }
    /// <summary>The booking that carries on: the same uid, or the replacement's uid after a rebook.</summary>
    public string? ResultUid { get; set; }
    public DateTime? UpdatedAt { get; set; }
}

public enum AwayPlan
{
    /// <summary>Round robin: to <see cref="AwayMoveItem.ToCalComUserId"/> or whoever Cal.com picks.</summary>
    Reassign = 0,
    /// <summary>Collective and managed: book again with another host, then cancel (the guided rebook).</summary>
    Rebook = 1,
    Cancel = 2,
    /// <summary>Left as it is (the person unticked it).</summary>
    Keep = 3,
}

public enum AwayItemState
{
    Pending = 0,
    /// <summary>Saved just before the Cal.com call: after a restart, the booking is read back, never called again.</summary>
    Calling = 1,
    Done = 2,
    Failed = 3,
    /// <summary>The call may have happened and reading back could not tell: someone must look.</summary>
    Uncertain = 4,
    Skipped = 5,
}
