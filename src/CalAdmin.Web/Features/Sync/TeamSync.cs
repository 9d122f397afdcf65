using System.Diagnostics;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Infrastructure;
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
/// The Cal.com team-member sync: reads the team (<see cref="TeamRoster"/>) and applies the difference in one batch
/// (<see cref="SyncApplier"/>), as a <see cref="LeasedRun"/> of <see cref="Job"/>. A failed run writes nothing but its
/// run row with the error.
/// </summary>
public sealed class TeamSync(
    LeasedRun runs,
    TeamRoster roster,
    SyncProgress progress,
    IChangeFeed feed,
    IOptions<SyncOptions> options,
    TimeProvider clock,
    ILogger<TeamSync> logger)
{
    public const string LeaseName = "calcom-team-sync";

    public static readonly LeasedJob Job = new(LeaseName, TimeSpan.FromMinutes(15), "sync", "Cal.com sync", "nothing was written");

    public async Task<SyncOutcome> RunAsync(SyncTrigger trigger, CancellationToken ct = default)
    {
        TimeSpan fetch = default, apply = default;
        Roster? team = null;
        var run = new SyncRun { Trigger = trigger, StartedAt = Now };
        var result = await runs.RunAsync(Job, run, new LeasedRunSteps<SyncRun>
        {
            Started = started => progress.Report(new SyncProgressState(true, started.Id, trigger, SyncPhases.FetchingMembers, 0, 0, 0, started.StartedAt)),
            Work = async (scope, token) =>
            {
                var fetchWatch = Stopwatch.StartNew();
                team = await roster.ReadAsync((pages, members) =>
                    progress.Report(progress.Sync with { Phase = SyncPhases.FetchingMembers, PagesFetched = pages, MembersFetched = members }), token);
                fetch = fetchWatch.Elapsed;
                run.PagesFetched = team.MembershipPages;
                run.MembersFetched = team.Members.Count;
                progress.Report(progress.Sync with { Phase = SyncPhases.Applying, PagesFetched = team.MembershipPages, MembersFetched = team.Members.Count });

                var applyWatch = Stopwatch.StartNew();
                var changes = await scope.WriteAsync((db, c) => new SyncApplier(db, options.Value, Now, run.Id,
                    processed => progress.Report(progress.Sync with { MembersProcessed = processed })).ApplyAsync(team, c), token);
                apply = applyWatch.Elapsed;
                (run.Added, run.Updated, run.Deactivated, run.AutoMapped, run.Conflicts, run.EventTypesChanged, run.RowsWritten) =
                    (changes.Added, changes.Updated, changes.Deactivated, changes.AutoMapped, changes.Conflicts, changes.EventTypesChanged, changes.RowsWritten);
                logger.LogInformation("Cal.com sync {RunId} ({Trigger}): {Added} added, {Updated} updated, {Deactivated} deactivated, {AutoMapped} auto-mapped, {Conflicts} conflicts, {Requests} requests",
                    run.Id, trigger, run.Added, run.Updated, run.Deactivated, run.AutoMapped, run.Conflicts, scope.Calls.Requests);
            },
            Finished = Finished,
            Completed = done => done.RowsWritten == 0 ? null
                : $"Cal.com sync: {done.Added} added, {done.Updated} updated, {done.Deactivated} now inactive, {done.AutoMapped} mapped, {done.Conflicts} conflicts",
        }, ct);
        return new SyncOutcome(run, result.Skipped, result.Total, fetch, result.Calls.GateWait, apply, team?.MembershipPages ?? run.PagesFetched, team?.EventTypeCalls ?? 0)
        {
            RequestTimes = result.Calls.SentAt.ToList(),
        };
    }

    /// <summary>True while a sync of any process holds the lease.</summary>
    public Task<bool> IsRunningAsync(CancellationToken ct = default) => runs.IsRunningAsync(Job, ct);

    private Task Finished(SyncRun run)
    {
        progress.Report(progress.Sync with { Running = false, Phase = SyncPhases.Finished });
        if (run is { Succeeded: true, RowsWritten: > 0 })
        {
            feed.Publish(new ChangeNotice(ChangeNotice.Hosts, []));
            feed.Publish(new ChangeNotice(ChangeNotice.Mappings, []));
        }
        return Task.CompletedTask;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
