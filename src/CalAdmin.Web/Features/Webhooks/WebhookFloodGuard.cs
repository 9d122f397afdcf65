using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>Section <c>CalAdmin:Webhooks</c>: how many refused deliveries the webhook endpoint tolerates before it pushes back.</summary>
public sealed class WebhookFloodOptions
{
    public const string Section = "CalAdmin:Webhooks";

    /// <summary>Refusals one client address may cause per minute (a token bucket) before its unsigned posts get 429.</summary>
    public int RejectionsPerClientPerMinute { get; set; } = 30;
    /// <summary>Refusals from all addresses together per minute: the cap for a flood from many addresses.</summary>
    public int RejectionsPerMinute { get; set; } = 300;
    /// <summary>Refusals in the last 60 seconds from which Settings and <c>/health</c> report a flood.</summary>
    public int FloodRejectionsPerMinute { get; set; } = 100;

    public static IEnumerable<string> Validate(IConfiguration config)
    {
        var o = config.GetSection(Section).Get<WebhookFloodOptions>() ?? new WebhookFloodOptions();
        if (o.RejectionsPerClientPerMinute is < 1 or > 100_000)
            yield return "CalAdmin:Webhooks:RejectionsPerClientPerMinute must be between 1 and 100000.";
        if (o.RejectionsPerMinute is < 1 or > 1_000_000)
            yield return "CalAdmin:Webhooks:RejectionsPerMinute must be between 1 and 1000000.";
        else if (o.RejectionsPerMinute < o.RejectionsPerClientPerMinute)
            yield return "CalAdmin:Webhooks:RejectionsPerMinute must not be below CalAdmin:Webhooks:RejectionsPerClientPerMinute.";
        if (o.FloodRejectionsPerMinute is < 1 or > 1_000_000)
            yield return "CalAdmin:Webhooks:FloodRejectionsPerMinute must be between 1 and 1000000.";
    }
}

/// <summary>
/// The webhook endpoint's rejection budgets: a token bucket per client address and one for all of them, spent only by
/// refused requests. Cal.com never fails a signature, so its address keeps a full bucket whatever a forger does
/// elsewhere; <see cref="WebhookFloodPolicy"/> decides from these buckets what ASP.NET Core's rate limiter applies.
/// </summary>
public sealed class WebhookFloodGuard : IDisposable
{
    private readonly int perClientLimit;
    private readonly PartitionedRateLimiter<string> perClient;
    private readonly TokenBucketRateLimiter global;

    public WebhookFloodGuard(IOptions<WebhookFloodOptions> options)
    {
        var o = options.Value;
        perClientLimit = o.RejectionsPerClientPerMinute;
        // Refilled every 10 s (a sixth of the minute each time) so a client that stops is back to normal soon.
        perClient = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetTokenBucketLimiter(client, _ => Bucket(o.RejectionsPerClientPerMinute, autoReplenish: false)));
        global = new TokenBucketRateLimiter(Bucket(o.RejectionsPerMinute, autoReplenish: true));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perMinute, bool autoReplenish) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = Math.Max(1, perMinute / 6),
        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
        QueueLimit = 0,
        AutoReplenishment = autoReplenish,
    };

    /// <summary>
    /// The partition key: the client's address after forwarded headers from trusted proxies (so behind a proxy it is the
    /// caller's, not the proxy's); an IPv6 client by its /64, which one host can fill with addresses.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } ip) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// True when a client's signed-looking posts should be verified only a few at a time: it spent its own budget, or the
    /// global budget is spent and it has refusals of its own (a clean address such as Cal.com's never is).
    /// </summary>
    public bool IsSuspect(string client)
    {
        var own = perClient.GetStatistics(client)?.CurrentAvailablePermits ?? perClientLimit;
        if (own <= 0) return true;
        return own < perClientLimit && (global.GetStatistics()?.CurrentAvailablePermits ?? 1) <= 0;
    }

    /// <summary>Spends one token from the client's and the global bucket for a refusal; the lease that failed, if any.</summary>
    public RateLimitLease Charge(string client)
    {
        var own = perClient.AttemptAcquire(client);
        if (!own.IsAcquired) return own;
        var all = global.AttemptAcquire();
        if (!all.IsAcquired) { own.Dispose(); return all; }
        all.Dispose();
        return own;
    }

    /// <summary>A client's budget as a plain <see cref="RateLimiter"/>, the shape a rate-limiter policy partition needs.</summary>
    public RateLimiter BudgetOf(string client) => new ClientBudget(this, client);

    public void Dispose()
    {
        perClient.Dispose();
        global.Dispose();
    }

    /// <summary>Acquiring spends a token (every unsigned post is a refusal); the buckets themselves live in the guard.</summary>
    private sealed class ClientBudget(WebhookFloodGuard guard, string client) : RateLimiter
    {
        // Cheap to recreate: letting the rate limiter middleware drop it when idle keeps its partition map small.
        public override TimeSpan? IdleDuration => TimeSpan.FromMinutes(1);

        public override RateLimiterStatistics? GetStatistics() => guard.perClient.GetStatistics(client);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => guard.Charge(client);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(guard.Charge(client));
    }
}
