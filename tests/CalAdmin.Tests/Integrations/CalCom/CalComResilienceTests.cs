using System.Diagnostics;
using System.Net;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// Rate limit, 429s, retries, timeouts and the circuit breaker over real HTTP. Waits of seconds or minutes run on
/// a manual clock; the timeout tests use sub-second configured timeouts.
/// </summary>
public sealed class CalComResilienceTests
{
    // Generous per-attempt limits for the manual-clock tests: moving the clock must not time out a request in flight.
    private static readonly Dictionary<string, string?> PatientTimeouts = new()
    {
        ["AttemptTimeoutSeconds"] = "3600",
        ["TotalTimeoutSeconds"] = "7200",
    };

    [Fact]
    public async Task A_429_with_Retry_After_holds_every_caller_as_long_as_told_then_succeeds()
    {
        var clock = new ManualTimeProvider();
        var calls = 0;
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", (HttpResponse response) =>
        {
            if (Interlocked.Increment(ref calls) > 1) return ScriptedCalCom.Json(CalComJson.Me);
            response.Headers.RetryAfter = "7";
            return ScriptedCalCom.Error(429, "TOO_MANY_REQUESTS", "Too many requests");
        }), clock);
        await using var host = CalComTestHost.Create(calcom.BaseUrl, PatientTimeouts, clock);
        var start = clock.GetUtcNow();

        var me = host.Client.GetMeAsync();
        await Eventually.TrueAsync(() => host.Gate.HeldUntil > start, "the gate holds after the 429");

        Assert.Equal(start.AddSeconds(7), host.Gate.HeldUntil);
        Assert.Single(calcom.Seen);
        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(42, (await me).Id);
        Assert.Equal(2, calcom.Seen.Count);
        Assert.Equal(start.AddSeconds(7), calcom.Seen[1].At);
    }

    [Fact]
    public async Task A_429_without_Retry_After_waits_for_the_X_RateLimit_Reset_header()
    {
        var clock = new ManualTimeProvider();
        var calls = 0;
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/teams", (HttpResponse response) =>
        {
            if (Interlocked.Increment(ref calls) > 1) return ScriptedCalCom.Json(CalComJson.List([]));
            response.Headers["X-RateLimit-Limit-default"] = "120";
            response.Headers["X-RateLimit-Remaining-default"] = "0";
            response.Headers["X-RateLimit-Reset-default"] = "12";
            return ScriptedCalCom.Error(429, "TOO_MANY_REQUESTS", "Too many requests");
        }), clock);
        await using var host = CalComTestHost.Create(calcom.BaseUrl, PatientTimeouts, clock);
        var start = clock.GetUtcNow();

        var teams = host.Client.GetTeamsAsync();
        await Eventually.TrueAsync(() => host.Gate.HeldUntil > start, "the gate holds after the 429");

        Assert.Equal(start.AddSeconds(12), host.Gate.HeldUntil);
        clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Empty(await teams);
        Assert.Equal(start.AddSeconds(12), calcom.Seen[1].At);
    }

    [Fact]
    public async Task A_429_without_any_hint_holds_for_Cal_com_s_60_second_block_and_a_POST_is_retried_since_Cal_com_refused_it_unread()
    {
        var clock = new ManualTimeProvider();
        var calls = 0;
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapPost("/v2/bookings/{uid}/cancel", (string uid) =>
            Interlocked.Increment(ref calls) > 1
                ? ScriptedCalCom.Json(CalComJson.One(CalComJson.Booking(uid, "cancelled")))
                : ScriptedCalCom.Error(429, "TOO_MANY_REQUESTS", "Too many requests")), clock);
        await using var host = CalComTestHost.Create(calcom.BaseUrl, PatientTimeouts, clock);
        var start = clock.GetUtcNow();

        var cancelled = host.Client.CancelBookingAsync("bk-1", "Client asked");
        await Eventually.TrueAsync(() => host.Gate.HeldUntil > start, "the gate holds after the 429");

        Assert.Equal(start.AddSeconds(60), host.Gate.HeldUntil);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("cancelled", (await cancelled).Status);
        Assert.Equal(2, calcom.Seen.Count);
    }

    [Fact]
    public async Task A_500_on_a_GET_is_retried_until_it_succeeds()
    {
        var calls = 0;
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/bookings/{uid}", (string uid) =>
            Interlocked.Increment(ref calls) <= 2
                ? ScriptedCalCom.Error(500, "INTERNAL_SERVER_ERROR", "Try again")
                : ScriptedCalCom.Json(CalComJson.One(CalComJson.Booking(uid)))));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var booking = await host.Client.GetBookingAsync("bk-1");

        Assert.Equal("bk-1", booking.Uid);
        Assert.Equal(3, calcom.Seen.Count);
    }

    [Fact]
    public async Task A_500_on_cancel_is_not_retried_and_reaches_the_caller_with_Cal_com_s_message()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapPost("/v2/bookings/{uid}/cancel", () =>
            ScriptedCalCom.Error(500, "INTERNAL_SERVER_ERROR", "Calendar sync failed")));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.CancelBookingAsync("bk-1"));

        Assert.Single(calcom.Seen);
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Equal("Calendar sync failed", failure.CalComMessage);
        Assert.Equal("INTERNAL_SERVER_ERROR", failure.CalComCode);
        Assert.Equal("Cal.com failed (500): Calendar sync failed", failure.Message);
        Assert.Equal("cancel booking", failure.Operation);
    }

    [Fact]
    public async Task A_hanging_Cal_com_hits_the_attempt_timeout_on_every_retry()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", Hang));
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "5",
        });
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.GetMeAsync());

        Assert.Equal("Cal.com did not answer within 0.2 s", failure.Message);
        Assert.Null(failure.StatusCode);
        // The first attempt and 3 retries of 0.2 s each; on a busy machine an attempt may time out before Kestrel logs it.
        Assert.InRange(calcom.Seen.Count, 1, 4);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task The_total_timeout_bounds_a_call_and_its_retries()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", Hang));
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "0.4",
            ["TotalTimeoutSeconds"] = "0.6",
        });
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.GetMeAsync());

        Assert.Equal("Cal.com did not answer within 0.6 s", failure.Message);
        Assert.InRange(calcom.Seen.Count, 0, 2);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_hanging_POST_is_tried_once()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapPost("/v2/bookings/{uid}/confirm", Hang));
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "0.2",
            ["TotalTimeoutSeconds"] = "5",
        });

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.ConfirmBookingAsync("bk-1"));

        Assert.Equal("Cal.com did not answer within 0.2 s", failure.Message);
        Assert.True(calcom.Seen.Count <= 1, "a POST must never be sent twice");
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_so_later_calls_fail_fast_without_reaching_Cal_com()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapPost("/v2/bookings/{uid}/decline", () =>
            ScriptedCalCom.Error(503, "SERVICE_UNAVAILABLE", "Maintenance")));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Assert.ThrowsAsync<CalComException>(() => host.Client.DeclineBookingAsync("bk-1"))).StatusCode);
        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.DeclineBookingAsync("bk-1"));

        Assert.StartsWith("Cal.com failed repeatedly; CalAdmin pauses its calls", failure.Message);
        Assert.Null(failure.StatusCode);
        Assert.Equal(4, calcom.Seen.Count);
    }

    [Fact]
    public async Task The_rate_gate_never_lets_more_than_the_limit_through_in_any_minute_while_three_callers_hammer_it()
    {
        const int limit = 5;
        var clock = new ManualTimeProvider();
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me)), clock);
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?>(PatientTimeouts)
        {
            ["RequestsPerMinute"] = limit.ToString(),
        }, clock);

        // Three callers (a page, the sync job, the reconcile job) share one process-wide gate.
        var callers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++) await host.Client.GetMeAsync();
        })).ToList();

        await Eventually.TrueAsync(() => calcom.Seen.Count == limit, "the first minute's requests");
        clock.Advance(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => calcom.Seen.Count == 2 * limit, "the second minute's requests");
        clock.Advance(TimeSpan.FromSeconds(60));
        await Task.WhenAll(callers); // queued, never refused

        var times = calcom.Seen.Select(r => r.At).ToList();
        Assert.Equal(12, times.Count);
        foreach (var t in times)
            Assert.True(times.Count(other => other > t - TimeSpan.FromMinutes(1) && other <= t) <= limit,
                $"more than {limit} requests in the minute before {t:O}");
    }

    private static async Task<IResult> Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
        return Results.StatusCode(499);
    }
}
