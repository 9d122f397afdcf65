using System.Globalization;
using System.Net.Http.Headers;

namespace CalAdmin.Web.Integrations.CalCom.Resilience;

/// <summary>How long Cal.com wants CalAdmin to wait after a 429.</summary>
public static class CalComRateLimitHeaders
{
    /// <summary>Cal.com blocks a key for 60 s once it exceeds the limit, and may not send Retry-After.</summary>
    public static readonly TimeSpan DefaultBlock = TimeSpan.FromSeconds(60);

    /// <summary>A garbled header must not stall CalAdmin for hours.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>Retry-After, else the latest X-RateLimit-Reset / X-RateLimit-Reset-{name}, else 60 s.</summary>
    public static TimeSpan WaitAfter429(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var wait = FromRetryAfter(headers.RetryAfter, now) ?? FromReset(headers, now) ?? DefaultBlock;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return wait > LongestWait ? LongestWait : wait;
    }

    private static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };

    private static TimeSpan? FromReset(HttpResponseHeaders headers, DateTimeOffset now)
    {
        TimeSpan? longest = null;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith("X-RateLimit-Reset", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var value in values)
                if (ParseReset(value, now) is { } wait && (longest is null || wait > longest)) longest = wait;
        }
        return longest;
    }

    /// <summary>Seconds until the reset (what Cal.com sends), or a Unix time in seconds or milliseconds, or an HTTP date.</summary>
    private static TimeSpan? ParseReset(string value, DateTimeOffset now)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number > 1e12) return DateTimeOffset.FromUnixTimeMilliseconds((long)number) - now;
            if (number > 1e9) return DateTimeOffset.FromUnixTimeSeconds((long)number) - now;
            return TimeSpan.FromSeconds(number);
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date - now : null;
    }
}
