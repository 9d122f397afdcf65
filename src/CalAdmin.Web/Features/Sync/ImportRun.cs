using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Sync;

/// <summary>One run of the first import of Cal.com bookings into the mirror.</summary>
public class ImportRun : ILeasedRunRow
{
    public int Id { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    public DateTime WindowStartUtc { get; set; }
    public DateTime WindowEndUtc { get; set; }
    public int RequestsMade { get; set; }
    /// <summary>Bookings Cal.com listed in the window.</summary>
    public int Fetched { get; set; }
    /// <summary>Bookings written to the mirror (new or changed).</summary>
    public int Imported { get; set; }
    /// <summary>Bookings the mirror already had in this state or newer (from a webhook or an earlier run).</summary>
    public int Unchanged { get; set; }
    public string? Error { get; set; }

    public bool Running => FinishedAt is null;
}
