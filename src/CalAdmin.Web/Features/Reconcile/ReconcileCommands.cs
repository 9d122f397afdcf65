using System.Security.Claims;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Hangfire;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Reconcile;

/// <summary>"Reconcile now" (admins only): enqueues the reconciliation job; the Sync page shows its run when it starts.</summary>
public sealed class ReconcileCommands(IBackgroundJobClient jobs, Reconciliation reconciliation)
{
    public async Task<CommandResult> ReconcileNowAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only admins can start a reconciliation.");
        if (await reconciliation.IsRunningAsync(ct))
            return CommandResult.Fail("A reconciliation is already running; its run is shown below.");
        var jobId = jobs.Enqueue<ReconcileJob>(j => j.RunAsync(SyncTrigger.Manual, CancellationToken.None));
        return CommandResult.Ok($"Reconciliation queued (job {jobId}).");
    }
}
