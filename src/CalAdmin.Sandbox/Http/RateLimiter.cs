namespace CalAdmin.Sandbox.Http;

/// <summary>
/// Cal.com's API-key throttle: a fixed 60 s window of <see cref="Limit"/> requests; the request over the
/// limit is refused and the key stays blocked for 60 s from that moment.
/// </summary>
public sealed class RateLimiter(TimeProvider clock, int limit)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Bucket> buckets = new();

    private long refused;

    /// <summary>Requests allowed per window; can be changed while running.</summary>
    public int Limit { get; set; } = limit;

    /// <summary>Requests answered 429 because the key went over the limit or was blocked (injected faults not counted).</summary>
    public long Refused => Interlocked.Read(ref refused);

    public RateDecision Hit(string apiKey)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!buckets.TryGetValue(apiKey, out var bucket) || (bucket.BlockedUntil is null && now >= bucket.WindowStart + Window)
                || (bucket.BlockedUntil is { } until && now >= until))
                buckets[apiKey] = bucket = new Bucket { WindowStart = now };

            if (bucket.BlockedUntil is { } blockedUntil)
            {
                refused++;
                return new RateDecision(false, Limit, 0, blockedUntil - now);
            }

            bucket.Count++;
            if (bucket.Count > Limit)
            {
                refused++;
                bucket.BlockedUntil = now + Window;
                return new RateDecision(false, Limit, 0, Window);
            }

            return new RateDecision(true, Limit, Limit - bucket.Count, bucket.WindowStart + Window - now);
        }
    }

    /// <summary>Forgets every key's usage, e.g. between test phases.</summary>
    public void Reset()
    {
        lock (gate)
        {
            buckets.Clear();
            refused = 0;
        }
    }

    private sealed class Bucket
    {
        public DateTimeOffset WindowStart;
        public int Count;
        public DateTimeOffset? BlockedUntil;
    }
}

public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetIn)
{
    public int ResetSeconds => Math.Max(0, (int)Math.Ceiling(ResetIn.TotalSeconds));
}
