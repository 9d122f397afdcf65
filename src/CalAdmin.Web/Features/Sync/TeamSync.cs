using System.Diagnostics;
using System.Globalization;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

/// <summary>What a sync run did, with the timings the benchmark prints.</summary>
public sealed record SyncOutcome(SyncRun Run, bool Skipped, TimeSpan Total, TimeSpan Fetch, TimeSpan GateWait, TimeSpan Apply, int MembershipPages, int EventTypeCalls)
{
    /// <summary>When each of the run's requests left the rate gate for Cal.com.</summary>
    public IReadOnlyList<DateTimeOffset> RequestTimes { get; init; } = [];

    public TimeSpan OutsideRateLimitWaits => Total - GateWait;
}

/// <summary>
/// The Cal.com team-member sync: reads the team (<see cref="TeamRoster"/>), applies the difference in one transaction
/// (<see cref="SyncApplier"/>) while holding the <see cref="LeaseName"/> lease, and records a <see cref="SyncRun"/>.
/// A failed run writes nothing but its run row with the error.
/// </summary>
public sealed class TeamSync(
    IDbContextFactory<AppDbContext> dbFactory,
    TeamRoster roster,
    CalComCallMeter meter,
    SyncProgress progress,
    IChangeFeed feed,
    IOptions<SyncOptions> options,
    TimeProvider clock,
    ILogger<TeamSync> logger)
{
    public const string LeaseName = "calcom-team-sync";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(15);

    public async Task<SyncOutcome> RunAsync(SyncTrigger trigger, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        var run = new SyncRun { Trigger = trigger, StartedAt = Now };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.SyncRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        var holder = $"sync-run-{run.Id}";
        using var measurement = meter.Start();
        progress.Report(new SyncProgressState(true, run.Id, trigger, SyncPhases.FetchingMembers, 0, 0, 0, run.StartedAt));
        feed.Publish(new ChangeNotice(ChangeNotice.Sync, [Id(run)]));

        var leased = false;
        var skipped = false;
        TimeSpan fetch = default, apply = default;
        Roster? team = null;
        SyncChanges? changes = null;
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                leased = await JobLeases.TryAcquireAsync(db, LeaseName, holder, Now, LeaseTtl, ct);
                if (!leased)
                {
                    skipped = true;
                    run.Error = $"Another sync is running ({await JobLeases.HolderAsync(db, LeaseName, Now, ct) ?? "unknown"}); this run did nothing.";
                }
            }
            if (!skipped)
            {
                var fetchWatch = Stopwatch.StartNew();
                team = await roster.ReadAsync((pages, members) =>
                    progress.Report(progress.Sync with { Phase = SyncPhases.FetchingMembers, PagesFetched = pages, MembersFetched = members }), ct);
                fetch = fetchWatch.Elapsed;
                run.PagesFetched = team.MembershipPages;
                run.MembersFetched = team.Members.Count;
                progress.Report(progress.Sync with { Phase = SyncPhases.Applying, PagesFetched = team.MembershipPages, MembersFetched = team.Members.Count });

                var applyWatch = Stopwatch.StartNew();
                changes = await ApplyAsync(run.Id, holder, team, ct);
                apply = applyWatch.Elapsed;
                (run.Added, run.Updated, run.Deactivated, run.AutoMapped, run.Conflicts, run.EventTypesChanged, run.RowsWritten) =
                    (changes.Added, changes.Updated, changes.Deactivated, changes.AutoMapped, changes.Conflicts, changes.EventTypesChanged, changes.RowsWritten);
                run.Succeeded = true;
                logger.LogInformation("Cal.com sync {RunId} ({Trigger}): {Added} added, {Updated} updated, {Deactivated} deactivated, {AutoMapped} auto-mapped, {Conflicts} conflicts, {Requests} requests",
                    run.Id, trigger, run.Added, run.Updated, run.Deactivated, run.AutoMapped, run.Conflicts, measurement.Requests);
            }
        }
        catch (Exception ex)
        {
            run.Error = ex is OperationCanceledException && ct.IsCancellationRequested ? "Cancelled (CalAdmin is shutting down or the job was stopped)." : Describe(ex);
            logger.LogWarning(ex, "Cal.com sync {RunId} ({Trigger}) failed; nothing was written", run.Id, trigger);
            if (ct.IsCancellationRequested) throw;
        }
        finally
        {
            run.RequestsMade = measurement.Requests;
            run.FinishedAt = Now;
            await FinishAsync(run, leased ? holder : null);
            progress.Report(progress.Sync with { Running = false, Phase = SyncPhases.Finished });
            Publish(run);
        }
        return new SyncOutcome(run, skipped, total.Elapsed, fetch, measurement.GateWait, apply, team?.MembershipPages ?? run.PagesFetched, team?.EventTypeCalls ?? 0)
        {
            RequestTimes = measurement.SentAt.ToList(),
        };
    }

    /// <summary>True while a sync of any process holds the lease.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await JobLeases.HolderAsync(db, LeaseName, Now, ct) is not null;
    }

    private async Task<SyncChanges> ApplyAsync(int runId, string holder, Roster team, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // SQL Server's retrying strategy only allows a user transaction inside the strategy.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var work = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await work.Database.BeginTransactionAsync(ct);
            // Taking the write lock first: a run that lost its lease (expired, taken over) commits nothing.
            if (!await JobLeases.RenewAsync(work, LeaseName, holder, Now, LeaseTtl, ct))
                throw new InvalidOperationException("This sync lost its lease to another run, so it wrote nothing.");
            var changes = await new SyncApplier(work, options.Value, Now, runId,
                processed => progress.Report(progress.Sync with { MembersProcessed = processed })).ApplyAsync(team, ct);
            await tx.CommitAsync(ct);
            return changes;
        });
    }

    private async Task FinishAsync(SyncRun run, string? holder)
    {
        // Recorded even when the run was cancelled: the history must show it.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.SyncRuns.Update(run);
        await db.SaveChangesAsync(CancellationToken.None);
        if (holder is not null) await JobLeases.ReleaseAsync(db, LeaseName, holder, CancellationToken.None);
    }

    private void Publish(SyncRun run)
    {
        if (!run.Succeeded)
        {
            feed.Publish(new ChangeNotice(ChangeNotice.Sync, [Id(run)], run.Error is null ? null : $"Cal.com sync did not complete: {run.Error}"));
            return;
        }
        feed.Publish(new ChangeNotice(ChangeNotice.Sync, [Id(run)],
            run.RowsWritten == 0 ? null : $"Cal.com sync: {run.Added} added, {run.Updated} updated, {run.Deactivated} now inactive, {run.AutoMapped} mapped, {run.Conflicts} conflicts"));
        if (run.RowsWritten == 0) return;
        feed.Publish(new ChangeNotice(ChangeNotice.Hosts, []));
        feed.Publish(new ChangeNotice(ChangeNotice.Mappings, []));
    }

    private static string Describe(Exception ex) => ex switch
    {
        CalComException calCom => calCom.Message + (calCom.StatusCode is { } status ? $" (HTTP {(int)status})" : ""),
        _ => ex.Message,
    };

    private static string Id(SyncRun run) => run.Id.ToString(CultureInfo.InvariantCulture);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
