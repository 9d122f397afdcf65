using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Reconcile;

/// <summary>
/// One reconciliation run: which bookings it asked Cal.com for (those updated since <see cref="Watermark"/>), what it
/// found and fixed. The next run starts from the last successful run's <see cref="NextWatermark"/>, so the state
/// survives restarts and a failed run is simply done again.
/// </summary>
public class ReconcileRun : ILeasedRunRow
{
    public int Id { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>The <c>afterUpdatedAt</c> this run sent to Cal.com; null when it did not get that far (another run held the lease).</summary>
    public DateTime? Watermark { get; set; }
    /// <summary>Where the watermark came from: the last successful run, the first import, or the first-run lookback.</summary>
    public ReconcileWatermarkBasis WatermarkBasis { get; set; }
    /// <summary>
    /// Set on success: this run's start minus the overlap, the next run's <c>afterUpdatedAt</c>. Everything Cal.com
    /// changed after it is read again next time; a failed run leaves it empty and the next run starts where this one did.
    /// </summary>
    public DateTime? NextWatermark { get; set; }
    public int Pages { get; set; }
    /// <summary>Bookings Cal.com listed as updated since the watermark.</summary>
    public int Seen { get; set; }
    /// <summary>Bookings written to the mirror because it differed from Cal.com (inserted ones included).</summary>
    public int Fixed { get; set; }
    /// <summary>Bookings Cal.com has that the mirror did not (missed BOOKING_CREATED and the like).</summary>
    public int Added { get; set; }
    /// <summary>Host changes no webhook reported, written to the reassignment history with source Reconciliation.</summary>
    public int ReassignmentsFound { get; set; }
    /// <summary>HTTP requests sent to Cal.com by this run, retries included.</summary>
    public int RequestsMade { get; set; }
    public string? Error { get; set; }

    public List<ReconcileFix> Fixes { get; set; } = [];

    public bool Running => FinishedAt is null;
}

public enum ReconcileWatermarkBasis
{
    /// <summary>The last successful run's start minus the overlap.</summary>
    LastRun = 0,
    /// <summary>No run has succeeded yet: the start of the first successful import minus the overlap.</summary>
    FirstImport = 1,
    /// <summary>Neither a run nor an import has succeeded: <see cref="ReconcileOptions.FirstRunLookbackHours"/> back.</summary>
    Lookback = 2,
}

/// <summary>One booking a run fixed and what was different (kept for the run's first <see cref="Reconciliation.FixesKeptPerRun"/> fixes).</summary>
public class ReconcileFix
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public required string BookingUid { get; set; }
    public required string Title { get; set; }
    public bool Added { get; set; }
    /// <summary>What differed, e.g. "status Accepted → Cancelled; host Ada Lovelace → Alan Turing".</summary>
    public required string Changes { get; set; }
    /// <summary>Cal.com's updatedAt of the state written.</summary>
    public DateTime ChangedAt { get; set; }
}
