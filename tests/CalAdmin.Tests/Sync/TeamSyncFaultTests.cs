using CalAdmin.Sandbox;
using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Web.Features.Sync;
using Microsoft.EntityFrameworkCore;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>
/// The sync when Cal.com misbehaves: throttling with and without Retry-After, server errors, a timeout and the team
/// changing between two pages must end where a clean sync ends, within the configured request rate; a run that
/// fails writes nothing but its run row.
/// </summary>
public sealed class TeamSyncFaultTests
{
    [Fact]
    public async Task A_sync_through_faults_ends_in_the_rows_of_a_clean_sync_and_never_exceeds_the_configured_rate()
    {
        const int rate = 10;
        // Cal.com counts in fixed minutes, CalAdmin's gate in a sliding one: like the defaults (100 of 120), keep a margin.
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 600, BookingCount = 0, WebhookDeliveryEnabled = false, RateLimitPerMinute = 10_000 });
        await using var faulty = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?>
        {
            ["CalCom:RequestsPerMinute"] = rate.ToString(),
            ["CalCom:AttemptTimeoutSeconds"] = "1",
        });
        var team = sandbox.State.Team.Id;
        var members = $"/v2/teams/{team}/memberships";
        var eventTypes = $"/v2/teams/{team}/event-types";
        var users = SyncTestData.Users(sandbox);
        // Both mirrors know the team as it was; then the faulty one syncs through the faults and the changes.
        await using var clean = await SyncTestHost.StartAsync(sandbox);
        Assert.True((await clean.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        Assert.True((await faulty.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        sandbox.RateLimiter.Limit = rate + 2;
        sandbox.RateLimiter.Reset();

        // Page 1: a 429 with Retry-After, then one without (X-RateLimit-Reset-Default only, as Cal.com sends); then it succeeds.
        sandbox.Faults.FailNext(members, 429, retryAfter: true, retryAfterSeconds: 1);
        sandbox.Faults.FailNext(members, 429, retryAfter: false, retryAfterSeconds: 1);
        sandbox.Faults.FailNext(eventTypes, 500);
        Task? latencyOff = null;
        faulty.Progress.PageFetched += page =>
        {
            if (page != 1) return;
            // Between page 1 and page 2: someone joins, someone already read leaves (the pages shift under the reader).
            sandbox.State.AddMember("Joined Meanwhile", "joined.meanwhile@example.test");
            sandbox.State.RemoveMember(users[5].Id);
            // Page 2: a 500, then an attempt that times out, then it succeeds.
            sandbox.Faults.FailNext(members, 500);
            var arrived = sandbox.State.RequestsByPath.GetValueOrDefault(members);
            sandbox.Faults.Options = new FaultOptions { LatencyRate = 1, AddedLatency = TimeSpan.FromSeconds(3) };
            latencyOff = Eventually.TrueAsync(() => sandbox.State.RequestsByPath.GetValueOrDefault(members) >= arrived + 2, "the slow attempt arrived", 30_000)
                .ContinueWith(_ => sandbox.Faults.Options = new FaultOptions(), TaskScheduler.Default);
        };
        var before = sandbox.State.RequestsByPath.Where(p => p.Key == members || p.Key == eventTypes).Sum(p => p.Value);

        var outcome = await faulty.Sync.RunAsync(SyncTrigger.Manual);
        await latencyOff!;

        Assert.True(outcome.Run.Succeeded, outcome.Run.Error);
        var sent = sandbox.State.RequestsByPath.Where(p => p.Key == members || p.Key == eventTypes).Sum(p => p.Value) - before;
        Assert.Equal(sent, outcome.Run.RequestsMade);
        // 2 throttled + 1 server error + 1 timeout + 1 server error on event types, beyond the pages and the restart.
        Assert.True(outcome.Run.RequestsMade >= outcome.MembershipPages + outcome.EventTypeCalls + 5, $"{outcome.Run.RequestsMade} requests");

        // Every request left the gate with at most `rate` others in the 60 s before it (a sliding window).
        var times = outcome.RequestTimes;
        Assert.Equal(sent, times.Count);
        for (var i = rate; i < times.Count; i++)
            Assert.True(times[i] - times[i - rate] >= TimeSpan.FromSeconds(60), $"request {i + 1} came {(times[i] - times[i - rate]).TotalSeconds:F1} s after request {i + 1 - rate}");

        sandbox.Faults.ClearScheduled();
        sandbox.RateLimiter.Limit = 10_000;
        sandbox.RateLimiter.Reset();
        Assert.True((await clean.Sync.RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        Assert.Equal(await clean.TeamAsync(), await faulty.TeamAsync());
        await using var db = faulty.Db();
        Assert.False((await db.Hosts.SingleAsync(h => h.CalComUserId == users[5].Id)).Active);
        Assert.True((await db.Hosts.SingleAsync(h => h.Email == "joined.meanwhile@example.test")).Active);
    }

    [Theory]
    [InlineData("memberships")]
    [InlineData("event-types")]
    public async Task A_run_that_fails_leaves_hosts_and_mappings_as_they_were_and_records_the_error(string failing)
    {
        await using var sandbox = await SyncTestData.SandboxAsync(teamSize: 300);
        await using var host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?> { ["CalCom:TotalTimeoutSeconds"] = "10" });
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var before = await host.RowsAsync();

        var users = SyncTestData.Users(sandbox);
        lock (sandbox.State.Gate) users[0].Name = "Renamed";
        sandbox.State.AddMember("New Person", "new.person@example.test");
        sandbox.State.RemoveMember(users[1].Id);
        sandbox.Faults.FailNext($"/v2/teams/{sandbox.State.Team.Id}/{failing}", 500, count: 1000);

        var failed = await host.Sync.RunAsync(SyncTrigger.Schedule);

        Assert.False(failed.Run.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(failed.Run.Error));
        Assert.Equal(before, await host.RowsAsync());
        await using var db = host.Db();
        var stored = await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == failed.Run.Id);
        Assert.Equal((false, failed.Run.Error), (stored.Succeeded, stored.Error));
        Assert.NotNull(stored.FinishedAt);
        Assert.True(stored.RequestsMade > 0);
        Assert.Empty(await db.JobLeases.ToListAsync());
    }
}
