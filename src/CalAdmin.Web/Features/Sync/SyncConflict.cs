namespace CalAdmin.Web.Features.Sync;

/// <summary>
/// Something the sync would have had to guess, so it did nothing and recorded it instead. Open until the data no longer
/// shows it (<see cref="ResolvedAt"/> set by the run that saw it gone); an unchanged run leaves the row untouched.
/// </summary>
public class SyncConflict
{
    public int Id { get; set; }
    public SyncConflictKind Kind { get; set; }
    /// <summary>Identifies the conflict across runs (kind + the ids and email involved).</summary>
    public required string Key { get; set; }
    public int? CalComUserId { get; set; }
    public int? StaffId { get; set; }
    public string? Email { get; set; }
    public required string Reason { get; set; }
    public int FirstSeenRunId { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public int? ResolvedRunId { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public enum SyncConflictKind
{
    /// <summary>Two or more active Cal.com users share one email: no host is mapped by it.</summary>
    SharedEmail = 0,
    /// <summary>A new host's email belongs to a staff member who is already mapped to another Cal.com user.</summary>
    StaffMappedElsewhere = 1,
    /// <summary>A mapped host's email changed at Cal.com and no longer matches its staff member's.</summary>
    EmailChanged = 2,
}
