using System.Security.Claims;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Hangfire;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Sync;

/// <summary>"Sync now" (admins only): enqueues the sync job; the Sync page shows it as soon as it starts.</summary>
public sealed class SyncCommands(IBackgroundJobClient jobs, TeamSync sync, SyncProgress progress)
{
    public async Task<CommandResult> SyncNowAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only admins can start a Cal.com sync.");
        if (progress.Sync.Running || await sync.IsRunningAsync(ct))
            return CommandResult.Fail("A sync is already running; its progress is shown below.");
        var jobId = jobs.Enqueue<TeamSyncJob>(j => j.RunAsync(SyncTrigger.Manual, CancellationToken.None));
        return CommandResult.Ok($"Sync queued (job {jobId}).");
    }
}
