using System.Globalization;
using System.Threading.RateLimiting;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.RateLimiting;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// ASP.NET Core's rate limiter on <c>POST /webhooks/calcom</c>, built so that a flood of forged posts cannot cost a real
/// delivery its acknowledgement (Cal.com delivers once and never retries). Decided per request, from headers only:
/// <list type="bullet">
/// <item>No well-formed <c>X-Cal-Signature-256</c> (missing, <c>no-secret-provided</c>, not 64 lowercase hex): it can
/// never verify, so it spends a token of its address's and the global rejection budget and gets 401 without its body
/// being read; with either budget spent it gets 429 and <c>Retry-After</c>.</item>
/// <item>A well-formed signature from an address in good standing: no limit at all. The body is read and verified;
/// a mismatch spends a token (<see cref="WebhookFloodGuard.Charge"/>). Cal.com's address never fails, so its bucket
/// stays full and its deliveries never meet a limiter.</item>
/// <item>A well-formed signature from a suspect address (its own budget spent, or the global one spent while it has
/// refusals): still verified, since a real signature must be accepted whoever relays it, but all suspects together at
/// most <see cref="SuspectsPerSecond"/> a second, the rest queued (429 beyond <see cref="SuspectQueue"/>, without the
/// body being read), so forged 200 KB bodies cost a bounded number of reads and HMACs a second, not one per post.</item>
/// </list>
/// </summary>
public sealed class WebhookFloodPolicy(WebhookFloodGuard guard, RejectionTally tally) : IRateLimiterPolicy<string>
{
    public const string Name = "calcom-webhook";
    internal const int SuspectsPerSecond = 10;
    internal const int SuspectQueue = 32;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var client = WebhookFloodGuard.ClientKey(httpContext);
        if (!WebhookSignature.IsWellFormed(httpContext.Request.Headers[WebhookSignature.Header].ToString()))
            return RateLimitPartition.Get("unsigned|" + client, _ => guard.BudgetOf(client));
        if (!guard.IsSuspect(client))
            return RateLimitPartition.GetNoLimiter("signed");
        return RateLimitPartition.GetTokenBucketLimiter("suspect", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = SuspectsPerSecond,
            TokensPerPeriod = SuspectsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = SuspectQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>429 with <c>Retry-After</c> and a problem body; counted like any refusal, never logged one by one.</summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, ct) =>
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 10;
        seconds = Math.Max(1, seconds);
        tally.Count("rate-limited", WebhookFloodGuard.ClientKey(http));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many refused deliveries",
            detail: $"This address sent too many deliveries without a valid X-Cal-Signature-256. Try again in {seconds} s. "
                + "Deliveries signed with a configured webhook secret (CalCom:WebhookSecrets) are verified even then.")
            .ExecuteAsync(http);
    };
}

public static class WebhookFloodSetup
{
    /// <summary>The rejection budgets, the tally of refusals with its once-a-minute flush, the rate-limiter policy and the health entry.</summary>
    public static WebApplicationBuilder AddCalComWebhookFloodGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookFloodOptions>().BindConfiguration(WebhookFloodOptions.Section);
        builder.Services.AddSingleton<WebhookFloodGuard>();
        builder.Services.AddSingleton<RejectionTally>();
        builder.Services.AddHostedService<RejectionFlusher>();
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, WebhookFloodPolicy>(WebhookFloodPolicy.Name));
        builder.Services.AddHealthChecks().AddCheck<WebhookFloodHealthCheck>(WebhookFloodHealthCheck.Name);
        return builder;
    }
}
