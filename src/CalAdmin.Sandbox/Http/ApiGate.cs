using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Sandbox.Http;

/// <summary>
/// What every /v2 request passes before its endpoint, in Cal.com's order: API key, throttle, then the
/// sandbox's injected faults. Rate-limit headers go on every authenticated answer, refused or not.
/// </summary>
internal static class ApiGate
{
    public static IApplicationBuilder UseApiGate(this IApplicationBuilder app, SandboxOptions options, SandboxState state,
        RateLimiter rateLimiter, FaultInjector faults) =>
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? "/";
            state.CountRequest(http.Request.Method, path, http.Request.QueryString.Value ?? "", http.Request.Headers[ApiVersions.Header].FirstOrDefault());

            var header = http.Request.Headers.Authorization.ToString();
            if (string.IsNullOrWhiteSpace(header))
            {
                await Refuse(http, 401, "No authorization header provided. Provide an API key as 'Authorization: Bearer cal_...'");
                return;
            }

            var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (!state.ApiKeys.TryGetValue(key, out var userId))
            {
                await Refuse(http, 401, "Invalid API Key");
                return;
            }
            http.Items[Caller.UserIdItem] = userId;

            var decision = rateLimiter.Hit(key);
            WriteRateLimitHeaders(http, decision);
            if (!decision.Allowed)
            {
                await Refuse(http, 429, "ThrottlerException: Too Many Requests");
                return;
            }

            var fault = faults.Decide(path);
            if (fault.Delay > TimeSpan.Zero) await Task.Delay(fault.Delay, http.RequestAborted);
            if (fault.StatusCode is int status)
            {
                if (status == 429)
                {
                    // Retry-After only when a test asks for one (a proxy in front of Cal.com may add it; Cal.com never does).
                    if (fault.RetryAfter) http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString();
                    http.Response.Headers["X-RateLimit-Reset-Default"] = fault.RetryAfterSeconds.ToString();
                }
                await Refuse(http, status, status == 429 ? "ThrottlerException: Too Many Requests" : "Internal server error (injected by the sandbox)");
                return;
            }

            await next(http);
        });

    private static void WriteRateLimitHeaders(HttpContext http, RateDecision decision)
    {
        // Cal.com's NestJS throttler is named "default" and suffixes its headers with it; it sends no bare
        // X-RateLimit-* names and, on 429, no Retry-After (shared/calcom/README.md, from Cal.com's source).
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit-Default"] = decision.Limit.ToString();
        headers["X-RateLimit-Remaining-Default"] = decision.Remaining.ToString();
        headers["X-RateLimit-Reset-Default"] = decision.ResetSeconds.ToString();
    }

    private static Task Refuse(HttpContext http, int statusCode, string message) =>
        ApiResults.Error(http, statusCode, message).ExecuteAsync(http);
}

/// <summary>The <c>cal-api-version</c> values Cal.com serves an operation with.</summary>
internal static class ApiVersions
{
    /// <summary>Bookings list with take/skip, and the booking actions as the October 2025 spec documents them.</summary>
    public const string Bookings = "2024-08-13";
    /// <summary>The bookings list with cursor paging (2026 docs).</summary>
    public const string BookingsList = "2026-05-01";
    /// <summary>The booking actions in the 2026 docs; same shapes as 2024-08-13.</summary>
    public const string BookingActions = "2026-02-25";
    public const string Slots = "2024-09-04";
    public const string EventTypes = "2024-06-14";
    public const string Header = "cal-api-version";

    /// <summary>
    /// Refuses a request without one of <paramref name="versions"/> with 400. Real Cal.com silently falls back to an older
    /// response shape instead; the sandbox makes the mistake visible.
    /// </summary>
    public static TBuilder RequireCalApiVersion<TBuilder>(this TBuilder builder, params string[] versions) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            return versions.Contains(http.Request.Headers[Header].ToString()) ? await next(context) : Refuse(http, versions);
        });

    /// <summary>400 naming the header, the versions the operation takes and what was sent.</summary>
    public static IResult Refuse(HttpContext http, params string[] versions)
    {
        var sent = http.Request.Headers[Header].ToString();
        var got = string.IsNullOrEmpty(sent) ? "it is missing" : $"got '{sent}'";
        var accepted = string.Join(" or ", versions.Select(v => $"'{v}'"));
        return ApiResults.BadRequest(http, $"The '{Header}' header must be {accepted} for {http.Request.Method} {http.Request.Path} ({got}).");
    }
}
