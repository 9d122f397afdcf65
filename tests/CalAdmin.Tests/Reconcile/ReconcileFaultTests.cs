using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Sync;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Reconcile;

/// <summary>
/// Reconciliation when Cal.com misbehaves: throttling, server errors and timeouts on the bookings list mid-way are
/// retried or fail the run without moving the watermark, and the next run ends in Cal.com's state; with the team sync
/// running at the same time, the two together stay within the one rate limit.
/// </summary>
public sealed class ReconcileFaultTests
{
    private const string BookingsList = "/v2/bookings";

    [Fact]
    public async Task Throttling_a_server_error_and_a_timeout_on_a_middle_page_are_retried_and_the_run_ends_in_Cal_coms_state()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 12, BookingCount = 300, WebhookDeliveryEnabled = false, RateLimitPerMinute = 100_000 });
        await using var host = await StartAsync(sandbox, new() { ["CalCom:AttemptTimeoutSeconds"] = "1" });
        var first = await RunAsync(host);
        Assert.True(first.Pages >= 3, $"{first.Pages} pages");
        await ChangeInCalComAsync(host);

        // Page 2 is throttled (Retry-After: 1), then fails with 500, then answers too late for the 1 s attempt timeout.
        sandbox.Faults.FailNext(BookingsList, 429, retryAfter: true, retryAfterSeconds: 1, skip: 1);
        sandbox.Faults.FailNext(BookingsList, 500);
        sandbox.Faults.DelayNext(BookingsList, TimeSpan.FromSeconds(3));
        var since = TestClock.Now;
        var run = await RunAsync(host);

        Assert.Equal(first.NextWatermark, run.Watermark);
        var requests = ListRequests(sandbox, since);
        Assert.Equal(run.Pages + 3, requests.Count);
        Assert.Equal(requests.Count, run.RequestsMade);
        Assert.True(run.Fixed >= 150, $"{run.Fixed} fixed");
        Assert.Equal(await SandboxViewAsync(sandbox), await MirrorViewAsync(host));
    }

    [Fact]
    public async Task A_page_that_keeps_failing_fails_the_run_without_moving_the_watermark_and_the_next_run_converges()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 12, BookingCount = 300, WebhookDeliveryEnabled = false, RateLimitPerMinute = 100_000 });
        await using var host = await StartAsync(sandbox);
        var first = await RunAsync(host);
        await ChangeInCalComAsync(host);
        var before = await MirrorViewAsync(host);

        // Page 1 is served; page 2 answers 500 to the first attempt and to every retry.
        sandbox.Faults.FailNext(BookingsList, 500, count: 4, skip: 1);
        var failed = (await host.Reconciliation.RunAsync(SyncTrigger.Schedule)).Run;

        Assert.False(failed.Succeeded);
        Assert.Contains("500", failed.Error);
        Assert.Null(failed.NextWatermark);
        Assert.Equal((first.NextWatermark, 1), (failed.Watermark, failed.Pages));
        Assert.Equal(before, await MirrorViewAsync(host));
        await using (var db = host.Db())
        {
            var stored = await db.ReconcileRuns.AsNoTracking().SingleAsync(r => r.Id == failed.Id);
            Assert.Equal((false, failed.Error, (DateTime?)null), (stored.Succeeded, stored.Error, stored.NextWatermark));
            Assert.Empty(await db.JobLeases.ToListAsync());
        }

        sandbox.Faults.ClearScheduled();
        var since = TestClock.Now;
        var next = await RunAsync(host);

        // The span of the failed run is read again: from the last success, not from the failure.
        Assert.Equal((ReconcileWatermarkBasis.LastRun, first.NextWatermark), (next.WatermarkBasis, next.Watermark));
        Assert.All(ListRequests(sandbox, since), r => Assert.Equal(CalComTime.Format(new DateTimeOffset(first.NextWatermark!.Value, TimeSpan.Zero)), r.QueryValue("afterUpdatedAt")));
        Assert.Equal(await SandboxViewAsync(sandbox), await MirrorViewAsync(host));
        Assert.Equal(0, (await RunAsync(host)).Fixed);
    }

    [Fact]
    public async Task The_team_sync_and_reconciliation_at_the_same_time_stay_within_the_one_rate_limit()
    {
        const int rate = 4;
        // Cal.com counts in fixed minutes, CalAdmin's gate in a sliding one: like the defaults (100 of 120), keep a margin.
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 12, BookingCount = 400, WebhookDeliveryEnabled = false, RateLimitPerMinute = rate + 1 });
        await using var host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?>
        {
            ["CalCom:RequestsPerMinute"] = rate.ToString(),
            ["CalAdmin:Reconcile:FirstRunLookbackHours"] = "8784",
        });
        var since = TestClock.Now;
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);

        // The reconciliation first: it needs more requests than are left this minute, so it is still waiting for the
        // gate when the sync starts and both draw on the one limit. (Sync first could finish on the permits left.)
        var reconcile = host.Reconciliation.RunAsync(SyncTrigger.Schedule);
        var sync = host.Sync.RunAsync(SyncTrigger.Manual);
        await Task.WhenAll(sync, reconcile);

        var (synced, reconciled) = (sync.Result.Run, reconcile.Result.Run);
        Assert.True(synced.Succeeded, synced.Error);
        Assert.True(reconciled.Succeeded, reconciled.Error);
        Assert.True(reconciled.StartedAt < synced.FinishedAt && synced.StartedAt < reconciled.FinishedAt, "the two runs did not overlap");
        var arrivals = sandbox.State.RecentRequests.Where(r => r.At >= since).Select(r => r.At).Order().ToList();
        // More than the sandbox allows in one minute were sent, and it never had to refuse one.
        Assert.True(arrivals.Count > rate + 1, $"{arrivals.Count} requests");
        Assert.Equal(0L, sandbox.RateLimiter.Refused);
        for (var i = rate; i < arrivals.Count; i++)
            Assert.True(arrivals[i] - arrivals[i - rate] >= TimeSpan.FromSeconds(59), $"request {i + 1} came {(arrivals[i] - arrivals[i - rate]).TotalSeconds:F1} s after request {i + 1 - rate}");
        Assert.Equal(await SandboxViewAsync(sandbox), await MirrorViewAsync(host));
    }

    /// <summary>A synced team and a first reconciliation that brought every booking of the year into the mirror.</summary>
    private static async Task<SyncTestHost> StartAsync(SandboxServer sandbox, Dictionary<string, string?> settings)
    {
        settings["CalAdmin:Reconcile:FirstRunLookbackHours"] = "8784";
        var host = await SyncTestHost.StartAsync(sandbox, settings);
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        return host;
    }

    private static Task<SyncTestHost> StartAsync(SandboxServer sandbox) => StartAsync(sandbox, new Dictionary<string, string?>());

    private static async Task<ReconcileRun> RunAsync(SyncTestHost host)
    {
        var outcome = await host.Reconciliation.RunAsync(SyncTrigger.Schedule);
        Assert.True(outcome.Run.Succeeded, outcome.Run.Error);
        return outcome.Run;
    }

    /// <summary>Cal.com changes many bookings (more than a page) and cancels a few; no webhook tells CalAdmin.</summary>
    private static async Task ChangeInCalComAsync(SyncTestHost host)
    {
        var sandbox = host.Sandbox;
        List<string> cancel;
        lock (sandbox.State.Gate)
        {
            var team = TeamBookings(sandbox).Where(b => b.Status == BookingStatuses.Accepted).ToList();
            foreach (var b in team.Take(150))
            {
                b.Location = "Room 7, second floor";
                b.UpdatedAt = sandbox.State.Now;
            }
            cancel = team.Skip(150).Where(b => b.Start > sandbox.State.Now).Take(3).Select(b => b.Uid).ToList();
        }
        Assert.Equal(3, cancel.Count);
        var calCom = host.Get<CalComClient>();
        foreach (var uid in cancel) await calCom.CancelBookingAsync(uid, "Closed for the holidays");
    }

    private static List<SandboxBooking> TeamBookings(SandboxServer sandbox)
    {
        var team = sandbox.State.Team.Id;
        bool IsTeams(int eventTypeId) => sandbox.State.FindEventType(eventTypeId) is { } e
            && (e.TeamId == team || e.ParentEventTypeId is int p && sandbox.State.FindEventType(p)?.TeamId == team);
        return sandbox.State.Bookings.Where(b => IsTeams(b.EventTypeId)).ToList();
    }

    private static IReadOnlyList<SandboxRequest> ListRequests(SandboxServer sandbox, DateTimeOffset since) =>
        sandbox.State.RecentRequests.Where(r => r.Path == BookingsList && r.Method == "GET" && r.At >= since).ToList();

    /// <summary>Every team booking as Cal.com has it: uid, status, start, location, hosts.</summary>
    private static Task<string> SandboxViewAsync(SandboxServer sandbox)
    {
        lock (sandbox.State.Gate)
        {
            var lines = TeamBookings(sandbox).OrderBy(b => b.Uid, StringComparer.Ordinal)
                .Select(b => Line(b.Uid, Status(b.Status), b.Start.UtcDateTime, b.Location, b.HostIds));
            return Task.FromResult(string.Join('\n', lines));
        }
    }

    private static async Task<string> MirrorViewAsync(SyncTestHost host)
    {
        await using var db = host.Db();
        var rows = await db.Bookings.AsNoTracking().Include(b => b.Hosts).ThenInclude(h => h.Host).ToListAsync();
        return string.Join('\n', rows.OrderBy(b => b.Uid, StringComparer.Ordinal)
            .Select(b => Line(b.Uid, b.Status, b.StartUtc, b.Location, b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId))));
    }

    private static string Line(string uid, BookingStatus status, DateTime start, string? location, IEnumerable<int> hosts) =>
        $"{uid} {status} {start:O} {location} [{string.Join(',', hosts)}]";

    private static BookingStatus Status(string status) => status switch
    {
        BookingStatuses.Pending => BookingStatus.Pending,
        BookingStatuses.Cancelled => BookingStatus.Cancelled,
        BookingStatuses.Rejected => BookingStatus.Rejected,
        _ => BookingStatus.Accepted,
    };
}
