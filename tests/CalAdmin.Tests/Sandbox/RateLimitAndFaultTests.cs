using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>Cal.com's per-key throttle and the sandbox's injected failures.</summary>
public sealed class RateLimitAndFaultTests
{
    [Fact]
    public async Task The_121st_request_in_a_minute_gets_429_and_the_key_stays_blocked_for_60_seconds()
    {
        var (server, client, clock) = await SandboxTestHost.StartAsync();
        await using var sandbox = server;

        for (var i = 1; i <= 120; i++)
        {
            var (ok, _) = await client.GetJsonAsync("/v2/me");
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal((120 - i).ToString(), ok.Headers.GetValues("X-RateLimit-Remaining-Default").Single());
        }

        var (refused, json) = await client.GetJsonAsync("/v2/me");
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("120", refused.Headers.GetValues("X-RateLimit-Limit-Default").Single());
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining-Default").Single());
        Assert.Equal("60", refused.Headers.GetValues("X-RateLimit-Reset-Default").Single());
        // Cal.com's throttler: only the "-Default" headers, never Retry-After nor the bare X-RateLimit-* names.
        Assert.False(refused.Headers.Contains("Retry-After"));
        Assert.DoesNotContain(refused.Headers, h => h.Key is "X-RateLimit-Limit" or "X-RateLimit-Remaining" or "X-RateLimit-Reset");
        Assert.Equal("error", json.GetProperty("status").GetString());

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(429, (int)(await client.GetJsonAsync("/v2/me")).Response.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await client.GetJsonAsync("/v2/me")).Response.StatusCode);
    }

    [Fact]
    public async Task An_injected_429_carries_the_reset_header_and_no_Retry_after_like_Cal_com()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o =>
            o.Faults = new CalAdmin.Sandbox.FaultOptions { Seed = 3, TooManyRequestsRate = 1 });
        await using var sandbox = server;
        server.Faults.FailNext("/v2/teams", 429, retryAfterSeconds: 5);

        var (scheduled, _) = await client.GetJsonAsync("/v2/teams");
        var (random, _) = await client.GetJsonAsync("/v2/me");

        Assert.All(new[] { scheduled, random }, refused =>
        {
            Assert.Equal(429, (int)refused.StatusCode);
            Assert.False(refused.Headers.Contains("Retry-After"));
        });
        Assert.Equal("5", scheduled.Headers.GetValues("X-RateLimit-Reset-Default").Single());
    }

    [Fact]
    public async Task A_one_shot_fault_fails_exactly_the_next_requests_to_its_path()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync();
        await using var sandbox = server;
        server.Faults.FailNext("/v2/teams", 500, count: 2);

        var statuses = new List<int>();
        foreach (var path in new[] { "/v2/me", "/v2/teams", "/v2/teams/1001/memberships", "/v2/teams" })
            statuses.Add((int)(await client.GetJsonAsync(path)).Response.StatusCode);

        Assert.Equal([200, 500, 500, 200], statuses);
    }

    [Fact]
    public async Task Random_faults_repeat_for_the_same_seed()
    {
        async Task<List<int>> RunAsync()
        {
            var (server, client, _) = await SandboxTestHost.StartAsync(o =>
                o.Faults = new CalAdmin.Sandbox.FaultOptions { Seed = 3, TooManyRequestsRate = 0.2, ServerErrorRate = 0.2 });
            await using var sandbox = server;
            var statuses = new List<int>();
            for (var i = 0; i < 30; i++) statuses.Add((int)(await client.GetJsonAsync("/v2/me")).Response.StatusCode);
            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(429, first);
        Assert.Contains(500, first);
        Assert.Contains(200, first);
    }
}
