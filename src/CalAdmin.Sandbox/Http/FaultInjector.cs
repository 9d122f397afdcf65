namespace CalAdmin.Sandbox.Http;

/// <summary>
/// Failures on purpose: seeded random 429/500/latency at the configured rates, and one-shot
/// "the next N requests to this path fail with status S" for tests that need an exact failure.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<ScheduledFault> scheduled = [];
    private Random random;
    private FaultOptions options;

    public FaultInjector(FaultOptions options)
    {
        this.options = options;
        random = new Random(options.Seed);
    }

    /// <summary>Replaces the random fault rates (and restarts their seeded sequence).</summary>
    public FaultOptions Options
    {
        get { lock (gate) return options; }
        set { lock (gate) { options = value; random = new Random(value.Seed); } }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests whose path starts with <paramref name="pathPrefix"/> answer <paramref name="statusCode"/>;
    /// a 429 carries <c>X-RateLimit-Reset-Default: retryAfterSeconds</c> (Cal.com's 60 by default) and, as Cal.com, no
    /// <c>Retry-After</c> unless <paramref name="retryAfter"/> asks for one (as a proxy in front of Cal.com might add).
    /// </summary>
    /// <param name="skip">Matching requests to let through first (e.g. 1: the first page is served, the second fails).</param>
    public void FailNext(string pathPrefix, int statusCode, int count = 1, bool retryAfter = false, int retryAfterSeconds = 60, int skip = 0)
    {
        lock (gate) scheduled.Add(new ScheduledFault(pathPrefix, statusCode, retryAfter, retryAfterSeconds, TimeSpan.Zero) { Remaining = count, Skip = skip });
    }

    /// <summary>
    /// The next <paramref name="count"/> requests whose path starts with <paramref name="pathPrefix"/> (after <paramref name="skip"/>
    /// let through) are answered normally but only after <paramref name="delay"/>: a client with a shorter timeout sees a timeout.
    /// </summary>
    public void DelayNext(string pathPrefix, TimeSpan delay, int count = 1, int skip = 0)
    {
        lock (gate) scheduled.Add(new ScheduledFault(pathPrefix, null, false, 0, delay) { Remaining = count, Skip = skip });
    }

    public void ClearScheduled()
    {
        lock (gate) scheduled.Clear();
    }

    internal InjectedFault Decide(string path)
    {
        lock (gate)
        {
            // Faults on one path come in the order they were scheduled; a fault still skipping lets this request through.
            var match = scheduled.FirstOrDefault(f => path.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (match is { Skip: > 0 })
            {
                match.Skip--;
            }
            else if (match is not null)
            {
                if (--match.Remaining <= 0) scheduled.Remove(match);
                return new InjectedFault(match.StatusCode, match.RetryAfter, match.Delay, match.RetryAfterSeconds);
            }

            // Always draw all three numbers so one rate's setting does not shift the others' sequence.
            var latencyRoll = random.NextDouble();
            var tooManyRoll = random.NextDouble();
            var errorRoll = random.NextDouble();
            var delay = latencyRoll < options.LatencyRate ? options.AddedLatency : TimeSpan.Zero;
            if (tooManyRoll < options.TooManyRequestsRate) return new InjectedFault(429, false, delay);
            if (errorRoll < options.ServerErrorRate) return new InjectedFault(500, false, delay);
            return new InjectedFault(null, false, delay);
        }
    }

    private sealed record ScheduledFault(string PathPrefix, int? StatusCode, bool RetryAfter, int RetryAfterSeconds, TimeSpan Delay)
    {
        public int Remaining { get; set; }
        public int Skip { get; set; }
    }
}

internal readonly record struct InjectedFault(int? StatusCode, bool RetryAfter, TimeSpan Delay, int RetryAfterSeconds = 60);
