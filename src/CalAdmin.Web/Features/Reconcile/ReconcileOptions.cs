namespace CalAdmin.Web.Features.Reconcile;

/// <summary>Section <c>CalAdmin:Reconcile</c>: when reconciliation runs and how far back it looks.</summary>
public sealed class ReconcileOptions
{
    public const string Section = "CalAdmin:Reconcile";

    /// <summary>When the <c>calcom-reconcile</c> job runs, in <c>CalAdmin:TimeZone</c> (default every 15 minutes).</summary>
    public string Cron { get; set; } = "*/15 * * * *";

    /// <summary>
    /// How far before the last successful run's start the next run asks again. Cal.com's <c>updatedAt</c> comes from
    /// Cal.com's clock and CalAdmin's start time from its own: the overlap absorbs the skew between the two (and a change
    /// Cal.com committed just as the last run read), at the price of re-reading a few bookings that changed nothing.
    /// </summary>
    public int OverlapMinutes { get; set; } = 2;

    /// <summary>
    /// How far back the very first run looks when no first import has succeeded yet (after one, the first run starts
    /// from the import's start, when the mirror was filled).
    /// </summary>
    public int FirstRunLookbackHours { get; set; } = 24;

    /// <summary>Bookings written per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    public TimeSpan Overlap => TimeSpan.FromMinutes(OverlapMinutes);

    /// <summary>What is wrong with these settings, each naming its key; empty when all are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (OverlapMinutes is < 0 or > 1440)
            problems.Add($"{Section}:OverlapMinutes must be between 0 and 1440, not {OverlapMinutes}.");
        if (FirstRunLookbackHours is < 1 or > 24 * 366)
            problems.Add($"{Section}:FirstRunLookbackHours must be between 1 and 8784, not {FirstRunLookbackHours}.");
        if (BatchSize < 1)
            problems.Add($"{Section}:BatchSize must be 1 or more, not {BatchSize}.");
        return problems;
    }
}
