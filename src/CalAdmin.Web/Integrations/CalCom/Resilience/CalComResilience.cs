using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CalAdmin.Web.Integrations.CalCom.Resilience;

/// <summary>
/// The Polly pipelines around every Cal.com request. Outer (per call): total timeout, retry, circuit breaker;
/// then <see cref="Handlers.CalComRateGateHandler"/> (so queueing for a permit never eats an attempt's time);
/// inner (per attempt): attempt timeout.
/// </summary>
public static class CalComResilience
{
    public const string CallPipeline = "calcom-call";
    public const string AttemptPipeline = "calcom-attempt";

    public static void ConfigureCall(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<CalComOptions>>().Value;
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

        builder
            .AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds))
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
                // After a 429 the rate gate holds this and every other caller until Cal.com lifts the block.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.Zero : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                // Works at CalAdmin's low traffic: a handful of failures in 30 s opens it for 15 s.
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
            });
    }

    public static void ConfigureAttempt(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<CalComOptions>>().Value;
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    /// <summary>
    /// A 429 is retried for every method: Cal.com refused it before doing anything. Other failures are retried
    /// only for GET: a POST that failed may still have created, cancelled or reassigned a booking.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests) return true;
        var method = outcome.Result?.RequestMessage?.Method ?? context.GetRequestMessage()?.Method;
        return method == HttpMethod.Get && IsServerFailure(outcome);
    }

    /// <summary>Cal.com or the way to it failed; a 4xx is CalAdmin's fault and a 429 is the rate gate's business.</summary>
    public static bool IsServerFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
