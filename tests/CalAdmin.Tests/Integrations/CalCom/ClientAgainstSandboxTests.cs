using System.Diagnostics;
using CalAdmin.Sandbox;
using CalAdmin.Web.Integrations.CalCom;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>The real client against the real sandbox over HTTP: paging, Cal.com's faults, and its refusals.</summary>
public sealed class ClientAgainstSandboxTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private CalComTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 600, BookingCount = 200 });
        host = CalComTestHost.Create(sandbox, new Dictionary<string, string?>
        {
            // Generous on purpose: on a busy test machine a one-second attempt timeout turned a slow answer into "no
            // answer" (status null), and an unretried call such as a reassignment then failed the test for the wrong reason.
            ["AttemptTimeoutSeconds"] = "15",
            ["TotalTimeoutSeconds"] = "30",
            ["RetryBaseDelaySeconds"] = "0.01",
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    private string MembershipsPath => $"/v2/teams/{sandbox.State.Team.Id}/memberships";

    private int Requests(string path) => sandbox.State.RequestsByPath.GetValueOrDefault(path);

    [Fact]
    public async Task Pages_through_600_memberships_in_three_requests()
    {
        var members = await host.Client.GetAllMembershipsAsync();

        Assert.Equal(600, members.Count);
        Assert.Equal(600, members.Select(m => m.UserId).Distinct().Count());
        Assert.Equal(3, Requests(MembershipsPath));
    }

    [Fact]
    public async Task A_429_waits_as_Retry_After_says_then_succeeds()
    {
        // Cal.com sends no Retry-After; a proxy in front of it may add one, and CalAdmin honours it.
        sandbox.Faults.FailNext(MembershipsPath, 429, retryAfter: true, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        var members = await host.Client.GetAllMembershipsAsync();

        Assert.Equal(600, members.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
        Assert.Equal(4, Requests(MembershipsPath));
    }

    [Fact]
    public async Task A_429_without_Retry_After_waits_for_the_rate_limit_reset()
    {
        sandbox.Faults.FailNext(MembershipsPath, 429, retryAfter: false, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        Assert.Equal(600, (await host.Client.GetAllMembershipsAsync()).Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task A_500_on_a_GET_is_retried()
    {
        sandbox.Faults.FailNext(MembershipsPath, 500, count: 2);

        Assert.Equal(600, (await host.Client.GetAllMembershipsAsync()).Count);
        Assert.Equal(5, Requests(MembershipsPath)); // 2 failures + 3 pages
    }

    [Fact]
    public async Task A_500_on_cancel_is_not_retried_and_reaches_the_caller()
    {
        string uid;
        lock (sandbox.State.Gate)
            uid = sandbox.State.Bookings.First(b => b.Status == "accepted" && b.Start > sandbox.State.Now).Uid;
        var path = $"/v2/bookings/{uid}/cancel";
        sandbox.Faults.FailNext(path, 500);

        var error = await Assert.ThrowsAsync<CalComException>(() => host.Client.CancelBookingAsync(uid, "test"));

        Assert.Equal(500, (int?)error.StatusCode);
        Assert.Equal(1, Requests(path));
        lock (sandbox.State.Gate) Assert.Equal("accepted", sandbox.State.FindBooking(uid)!.Status);
    }

    [Fact]
    public async Task Reassigning_a_collective_booking_is_refused_with_Cal_coms_reason()
    {
        string uid;
        lock (sandbox.State.Gate)
        {
            var collective = sandbox.State.EventTypes.Where(e => e.SchedulingType == CalAdmin.Sandbox.Model.SchedulingTypes.Collective).Select(e => e.Id).ToHashSet();
            uid = sandbox.State.Bookings.First(b => collective.Contains(b.EventTypeId) && b.Status == "accepted" && b.Start > sandbox.State.Now).Uid;
        }

        var error = await Assert.ThrowsAsync<CalComException>(() => host.Client.ReassignBookingAsync(uid));

        Assert.Equal(400, (int?)error.StatusCode);
        Assert.Contains("round robin", error.CalComMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_slow_Cal_com_is_given_up_on_within_the_total_timeout()
    {
        await using var impatient = CalComTestHost.Create(sandbox.BaseAddress, new Dictionary<string, string?>
        {
            ["ApiKey"] = sandbox.ApiKey, ["AttemptTimeoutSeconds"] = "1", ["TotalTimeoutSeconds"] = "4", ["RetryBaseDelaySeconds"] = "0.01",
        });
        sandbox.Faults.Options = new FaultOptions { LatencyRate = 1, AddedLatency = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CalComException>(() => impatient.Client.GetMeAsync());

        Assert.Null(error.StatusCode);
        Assert.Contains("did not answer", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wrong_api_key_is_reported_as_such()
    {
        await using var wrongKey = CalComTestHost.Create(sandbox.BaseAddress, new Dictionary<string, string?> { ["ApiKey"] = "cal_live_wrong" });

        var error = await Assert.ThrowsAsync<CalComException>(() => wrongKey.Client.GetMeAsync());

        Assert.Equal(401, (int?)error.StatusCode);
        Assert.Contains("Cal.com rejected the API key", error.Message);
    }

    [Fact]
    public async Task An_unreachable_base_url_gives_a_clear_error()
    {
        await using var nowhere = CalComTestHost.Create(new Uri("http://127.0.0.1:9/"), new Dictionary<string, string?> { ["AttemptTimeoutSeconds"] = "1", ["TotalTimeoutSeconds"] = "3" });

        var error = await Assert.ThrowsAsync<CalComException>(() => nowhere.Client.GetMeAsync());

        Assert.Contains("could not be reached", error.Message);
        Assert.DoesNotContain(CalComTestHost.ApiKey, error.ToString());
    }
}
