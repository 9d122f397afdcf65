using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Sync;
using Microsoft.EntityFrameworkCore;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>
/// Two servers' sync services (two service providers, as two processes would have) on one SQLite file, both started at
/// the same moment: the database lease lets exactly one of them commit, whatever Hangfire does or does not guarantee.
/// </summary>
public sealed class SyncAcrossServersTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private SyncTestHost first = null!;
    private SyncTestHost second = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync();
        first = await SyncTestHost.StartAsync(sandbox);
        await using (var db = first.Db())
            second = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = db.Database.GetConnectionString() });
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Two_syncs_started_at_once_on_two_servers_commit_exactly_once()
    {
        // Every Cal.com call takes half a second, so whichever run holds the lease still holds it when the other asks.
        sandbox.Faults.Options = new FaultOptions { LatencyRate = 1, AddedLatency = TimeSpan.FromMilliseconds(500) };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = new[] { first, second }.Select(host => Task.Run(async () => { await start.Task; return await host.Sync.RunAsync(SyncTrigger.Schedule); })).ToList();

        start.SetResult();
        var outcomes = await Task.WhenAll(runs);

        var committed = Assert.Single(outcomes, o => o.Run.Succeeded);
        var skipped = Assert.Single(outcomes, o => o.Skipped);
        Assert.True(committed.Run.RowsWritten > 0);
        Assert.False(skipped.Run.Succeeded);
        Assert.Equal(0, skipped.Run.RowsWritten);
        Assert.Equal(0, skipped.Run.RequestsMade);
        Assert.Equal($"Another sync is running (sync-run-{committed.Run.Id}); this run did nothing.", skipped.Run.Error);

        await using var db = first.Db();
        var stored = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, r => r.Succeeded);
        Assert.Equal(SyncTestData.Users(sandbox).Count, await db.Hosts.CountAsync());
        Assert.Equal(committed.Run.Added, await db.Hosts.CountAsync());
        Assert.Empty(await db.JobLeases.ToListAsync());
    }
}
