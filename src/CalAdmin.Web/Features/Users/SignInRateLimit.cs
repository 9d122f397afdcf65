using System.Globalization;
using System.Threading.RateLimiting;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Users;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in forms (password, 2FA code, recovery code): a fixed number of posts
/// per minute from one client address (as forwarded by a trusted proxy), answered 429 with <c>Retry-After</c>
/// beyond it. Showing the forms (GET) is never limited. The pages opt in with <c>[EnableRateLimiting]</c>.
/// </summary>
public sealed class SignInRateLimit(IOptions<CalAdminOptions> options, ILogger<SignInRateLimit> logger) : IRateLimiterPolicy<string>
{
    public const string Policy = "sign-in";
    private long lastLoggedTicks;

    public RateLimitPartition<string> GetPartition(HttpContext http)
    {
        var address = SignInGuard.Address(http);
        // Its own key: the limiter keeps the first partition made per key, so a shared one would stay unlimited.
        if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("show-form");
        var perMinute = options.Value.SignIn.AttemptsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, ct) =>
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Sampled: a flood of refused posts must not become a flood of log lines.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastLoggedTicks);
        if (now - last >= 10_000 && Interlocked.CompareExchange(ref lastLoggedTicks, now, last) == last)
            logger.LogWarning("Sign-in attempts from {Address} over the limit of {PerMinute} a minute (logged at most every 10 s)",
                SignInGuard.Address(http), options.Value.SignIn.AttemptsPerMinute);
        await http.Response.WriteAsync($"Too many sign-in attempts from this address. Try again in {seconds} seconds.", ct);
    };

    public static WebApplicationBuilder AddSignInRateLimit(WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, SignInRateLimit>(Policy);
        });
        return builder;
    }
}
