using CalAdmin.Sandbox;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// CalAdmin's rate gate against the sandbox's throttle, which answers a 429 as Cal.com does: no Retry-After, only
/// X-RateLimit-*-Default with the seconds until the key is free again. Both run on one manual clock.
/// </summary>
public sealed class RateLimitAgainstSandboxTests
{
    [Fact]
    public async Task Over_the_limit_the_next_call_waits_for_X_RateLimit_Reset_Default_and_succeeds_refused_only_once()
    {
        var clock = new ManualTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            ApiKey = "cal_test_rate_limit", TimeProvider = clock, RateLimitPerMinute = 3, BookingCount = 0, WebhookDeliveryEnabled = false,
        });
        await using var host = CalComTestHost.Create(sandbox.BaseAddress, new Dictionary<string, string?>
        {
            ["ApiKey"] = sandbox.ApiKey,
            ["RequestsPerMinute"] = "1000", // CalAdmin's own limit out of the way: Cal.com's is under test
            ["AttemptTimeoutSeconds"] = "3600",
            ["TotalTimeoutSeconds"] = "7200",
        }, clock);
        var start = clock.GetUtcNow();
        for (var i = 0; i < 3; i++) await host.Client.GetMeAsync();

        var fourth = host.Client.GetMeAsync();
        await Eventually.TrueAsync(() => host.Gate.HeldUntil > start, "the gate holds after the 429");

        Assert.Equal(1, sandbox.RateLimiter.Refused);
        Assert.Equal(start.AddSeconds(60), host.Gate.HeldUntil); // X-RateLimit-Reset-Default: 60, Cal.com's block
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(fourth.IsCompleted, "called again before the key was free");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(sandbox.State.MeUserId, (await fourth).Id);
        Assert.Equal(1, sandbox.RateLimiter.Refused);
        Assert.Equal(5, sandbox.State.RequestsByPath.GetValueOrDefault("/v2/me"));
    }
}
