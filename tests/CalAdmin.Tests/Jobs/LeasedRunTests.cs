using System.Net;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Tests.Sync;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Jobs;

/// <summary>
/// The one leased run every job goes through (on the real services and a SQLite file of their own): one run at a time
/// per lease, a failure recorded in words and its lease given back, and every batch written in turn at the write gate
/// under a renewed lease.
/// </summary>
public sealed class LeasedRunTests : IAsyncLifetime
{
    private static readonly LeasedJob TestJob = new("test-job", TimeSpan.FromMinutes(5), "test", "Test job", "nothing was written");

    private SandboxServer sandbox = null!;
    private SyncTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync();
        host = await SyncTestHost.StartAsync(sandbox);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    private LeasedRun Runs => host.Get<LeasedRun>();

    private static SyncRun NewRow() => new() { Trigger = SyncTrigger.Manual, StartedAt = TestClock.UtcNow };

    [Fact]
    public async Task A_second_run_while_the_first_holds_the_lease_does_nothing_and_names_the_holder()
    {
        using var heard = new HeardNotices(host.Get<IChangeFeed>());
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun>
        {
            Work = async (_, _) =>
            {
                working.SetResult();
                await finish.Task;
            },
        }, CancellationToken.None);
        await working.Task;

        var secondWorked = false;
        var second = await Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun>
        {
            Work = (_, _) =>
            {
                secondWorked = true;
                return Task.CompletedTask;
            },
        }, CancellationToken.None);
        Assert.True(await Runs.IsRunningAsync(TestJob));
        finish.SetResult();
        var done = await first;

        Assert.True(second.Skipped);
        Assert.False(secondWorked);
        Assert.False(second.Run.Succeeded);
        Assert.Equal($"Another test is running (test-run-{done.Run.Id}); this run did nothing.", second.Run.Error);
        Assert.True(done.Run.Succeeded);
        Assert.False(done.Skipped);
        Assert.False(await Runs.IsRunningAsync(TestJob));
        await using var db = host.Db();
        var rows = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([(done.Run.Id, true, (string?)null), (second.Run.Id, false, second.Run.Error)], rows.Select(r => (r.Id, r.Succeeded, r.Error)));
        Assert.All(rows, r => Assert.NotNull(r.FinishedAt));
        Assert.Empty(await db.JobLeases.ToListAsync());
        // The skipped run is in the history, not announced as a failure.
        Assert.DoesNotContain(heard.All, n => n.Message is not null);
    }

    [Fact]
    public async Task A_failed_run_records_its_error_gives_the_lease_back_and_announces_the_failure()
    {
        using var heard = new HeardNotices(host.Get<IChangeFeed>());
        var failed = await Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun>
        {
            Work = (_, _) => throw new CalComException("Cal.com answered 500", "read bookings", HttpStatusCode.InternalServerError),
        }, CancellationToken.None);

        Assert.False(failed.Skipped);
        Assert.False(failed.Run.Succeeded);
        Assert.Equal("Cal.com answered 500 (HTTP 500)", failed.Run.Error);
        await using (var db = host.Db())
        {
            var row = await db.SyncRuns.AsNoTracking().SingleAsync();
            Assert.Equal((false, "Cal.com answered 500 (HTTP 500)"), (row.Succeeded, row.Error));
            Assert.NotNull(row.FinishedAt);
            Assert.Empty(await db.JobLeases.ToListAsync());
        }
        Assert.Contains(heard.All, n => n.Message == "Test job did not complete: Cal.com answered 500 (HTTP 500)");
        // The lease is free: the next run works.
        Assert.True((await Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun> { Work = (_, _) => Task.CompletedTask }, CancellationToken.None)).Run.Succeeded);
    }

    [Fact]
    public async Task A_batch_waits_for_its_turn_at_the_write_gate()
    {
        var gate = host.Get<WriteGate>();
        var turn = await gate.EnterAsync(CancellationToken.None);
        var wrote = false;
        var run = Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun>
        {
            Work = (scope, ct) => scope.WriteAsync((_, _) => Task.FromResult(wrote = true), ct),
        }, CancellationToken.None);

        await Eventually.TrueAsync(() => gate.Waiting == 1 || run.IsCompleted, "the run queued at the write gate or finished");
        Assert.False(run.IsCompleted);
        Assert.False(wrote);
        turn.Dispose();

        var done = await run;
        Assert.True(done.Run.Succeeded, done.Run.Error);
        Assert.True(wrote);
    }

    [Fact]
    public async Task A_run_that_lost_its_lease_commits_no_further_batch()
    {
        var second = new SyncConflict { Kind = SyncConflictKind.SharedEmail, Key = "second-batch", Reason = "written after the lease was lost", FirstSeenAt = TestClock.UtcNow };
        var run = await Runs.RunAsync(TestJob, NewRow(), new LeasedRunSteps<SyncRun>
        {
            Work = async (scope, ct) =>
            {
                await scope.WriteAsync((db, _) => Task.FromResult(db.SyncConflicts.Add(new SyncConflict
                {
                    Kind = SyncConflictKind.SharedEmail, Key = "first-batch", Reason = "written under the lease", FirstSeenAt = TestClock.UtcNow,
                })), ct);
                // Another server takes the lease over (as when this one stalled past its expiry).
                await using (var other = host.Db())
                    await other.JobLeases.Where(l => l.Name == TestJob.LeaseName).ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, "other-server"), ct);
                await scope.WriteAsync((db, _) => Task.FromResult(db.SyncConflicts.Add(second)), ct);
            },
        }, CancellationToken.None);

        Assert.False(run.Run.Succeeded);
        Assert.Equal("This test lost its lease to another run, so it stopped before writing more.", run.Run.Error);
        await using var check = host.Db();
        Assert.Equal(["first-batch"], await check.SyncConflicts.Select(c => c.Key).ToListAsync());
        // The lease is the other server's: this run did not give it back in its place.
        Assert.Equal("other-server", (await check.JobLeases.SingleAsync()).Holder);
    }

    [Fact]
    public async Task The_team_sync_writes_in_turn_at_the_write_gate()
    {
        var gate = host.Get<WriteGate>();
        var turn = await gate.EnterAsync(CancellationToken.None);
        var sync = host.Sync.RunAsync(SyncTrigger.Manual);

        await Eventually.TrueAsync(() => gate.Waiting == 1 || sync.IsCompleted, "the sync queued at the write gate or finished", 30_000);
        Assert.False(sync.IsCompleted);
        await using (var db = host.Db())
            Assert.Equal(0, await db.Hosts.CountAsync());
        turn.Dispose();

        var done = await sync;
        Assert.True(done.Run.Succeeded, done.Run.Error);
        await using var after = host.Db();
        Assert.Equal(SyncTestData.Users(sandbox).Count, await after.Hosts.CountAsync());
    }
}
