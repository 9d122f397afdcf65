using CalAdmin.Web.Features.Jobs;
namespace CalAdmin.Web.Features.Sync;

/// <summary>What a running sync has done so far.</summary>
public sealed record SyncProgressState(
    bool Running, int? RunId, SyncTrigger? Trigger, string Phase, int PagesFetched, int MembersFetched, int MembersProcessed, DateTime? StartedAt)
{
    public static readonly SyncProgressState Idle = new(false, null, null, "Idle", 0, 0, 0, null);

    /// <summary>0–100 while applying; null while fetching (Cal.com does not say how many members there are).</summary>
    public double? Percent => Phase == SyncPhases.Applying && MembersFetched > 0 ? 100.0 * MembersProcessed / MembersFetched : null;
}

/// <summary>What a running first import has done so far.</summary>
public sealed record ImportProgressState(bool Running, int? RunId, string Phase, int PagesFetched, int Fetched, int Applied, DateTime? StartedAt)
{
    public static readonly ImportProgressState Idle = new(false, null, "Idle", 0, 0, 0, null);

    public double? Percent => Phase == SyncPhases.Applying && Fetched > 0 ? 100.0 * Applied / Fetched : null;
}

public static class SyncPhases
{
    public const string FetchingMembers = "Fetching team members";
    public const string FetchingEventTypes = "Fetching event types";
    public const string FetchingBookings = "Fetching bookings";
    public const string Applying = "Applying";
    public const string Finished = "Finished";
}

/// <summary>
/// The live state of the sync and the import in this process (singleton). Runs report here as they go; the Sync page
/// listens to <see cref="Changed"/>. Committed results go out on the change feed as usual.
/// </summary>
public sealed class SyncProgress
{
    private SyncProgressState sync = SyncProgressState.Idle;
    private ImportProgressState import = ImportProgressState.Idle;

    public SyncProgressState Sync => Volatile.Read(ref sync);
    public ImportProgressState Import => Volatile.Read(ref import);

    /// <summary>Raised on the reporting run's thread after every change; handlers must be quick and not throw.</summary>
    public event Action? Changed;

    /// <summary>Raised for each membership page fetched (tests use it to change the team between two pages).</summary>
    public event Action<int>? PageFetched;

    public void Report(SyncProgressState state)
    {
        Volatile.Write(ref sync, state);
        Changed?.Invoke();
    }

    public void Report(ImportProgressState state)
    {
        Volatile.Write(ref import, state);
        Changed?.Invoke();
    }

    internal void MembershipPage(int page) => PageFetched?.Invoke(page);
}
