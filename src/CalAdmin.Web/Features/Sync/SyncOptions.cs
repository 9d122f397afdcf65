namespace CalAdmin.Web.Features.Sync;

/// <summary>Section <c>CalAdmin:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string Section = "CalAdmin:Sync";

    /// <summary>When the nightly sync runs, in <c>CalAdmin:TimeZone</c> (default 02:00 every night).</summary>
    public string Cron { get; set; } = "0 2 * * *";

    /// <summary>A new Cal.com host with no staff member of its email gets one created (and mapped).</summary>
    public bool CreateStaffForNewHosts { get; set; } = true;
}

/// <summary>Section <c>CalAdmin:Import</c>: the window of the first booking import.</summary>
public sealed class ImportOptions
{
    public const string Section = "CalAdmin:Import";

    public int DaysBack { get; set; } = 90;
    public int DaysAhead { get; set; } = 180;
    /// <summary>Bookings written per transaction.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>Section <c>CalAdmin:Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "CalAdmin:Jobs";

    /// <summary>Run the Hangfire server in the web process (false on web-only servers when another process runs the jobs).</summary>
    public bool RunServer { get; set; } = true;

    public int WorkerCount { get; set; } = 2;
}
