using Hangfire;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Reconcile;

/// <summary>
/// The Hangfire job behind <c>calcom-reconcile</c> and "Reconcile now". One at a time per storage
/// (<see cref="DisableConcurrentExecutionAttribute"/>; the run's lease covers other processes). A failed run is not
/// retried by Hangfire: the next scheduled run reads the same span again (the watermark did not move), and the failure
/// is on the Sync page.
/// </summary>
public sealed class ReconcileJob(Reconciliation reconciliation)
{
    public const string RecurringJobId = "calcom-reconcile";

    [DisableConcurrentExecution(timeoutInSeconds: 15 * 60)]
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Cal.com reconciliation ({0})")]
    public async Task RunAsync(SyncTrigger trigger, CancellationToken cancellationToken)
    {
        var outcome = await reconciliation.RunAsync(trigger, cancellationToken);
        if (!outcome.Skipped && !outcome.Run.Succeeded) throw new SyncFailedException(outcome.Run.Error ?? "The reconciliation failed.");
    }
}
