using Hangfire;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Sync;


/// <summary>
/// The Hangfire job behind <c>calcom-team-sync</c>, "Sync now" and the startup sync. One at a time per storage
/// (<see cref="DisableConcurrentExecutionAttribute"/>; the sync's lease covers the rest), three retries, and
/// Hangfire's cancellation token (shutdown, deletion) reaches every Cal.com call. After a successful sync the
/// first booking import follows while it is still due.
/// </summary>
public sealed class TeamSyncJob(TeamSync sync, BookingImport import, IBackgroundJobClient jobs, ILogger<TeamSyncJob> logger)
{
    public const string RecurringJobId = "calcom-team-sync";

    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Cal.com team sync ({0})")]
    public async Task RunAsync(SyncTrigger trigger, CancellationToken cancellationToken)
    {
        var outcome = await sync.RunAsync(trigger, cancellationToken);
        if (outcome.Skipped) return;
        if (!outcome.Run.Succeeded) throw new SyncFailedException(outcome.Run.Error ?? "The sync failed.");
        jobs.Enqueue<Away.AwaySync>(j => j.RunAsync(CancellationToken.None));
        if (await import.IsDueAsync(cancellationToken))
        {
            jobs.Enqueue<BookingImportJob>(j => j.RunAsync(trigger, CancellationToken.None));
            logger.LogInformation("First booking import enqueued after sync {RunId}", outcome.Run.Id);
        }
    }
}

/// <summary>The Hangfire job of the first booking import.</summary>
public sealed class BookingImportJob(BookingImport import)
{
    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("First import of Cal.com bookings ({0})")]
    public async Task RunAsync(SyncTrigger trigger, CancellationToken cancellationToken)
    {
        // A duplicate enqueue (two startups, a retry after success) finds the import done.
        if (!await import.IsDueAsync(cancellationToken)) return;
        var outcome = await import.RunAsync(trigger, cancellationToken);
        if (!outcome.Skipped && !outcome.Run.Succeeded) throw new SyncFailedException(outcome.Run.Error ?? "The import failed.");
    }
}
