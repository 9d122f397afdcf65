namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// One page's answer to a burst of changes: the first change runs the page's refresh at once; changes that arrive while it
/// runs (or within <see cref="MinimumGap"/> after it) are folded into one more run with the latest of them, so 20 changes
/// in a second cost a page two or three refreshes, never twenty, and the last state always shows.
/// Not thread-safe by design: a circuit calls it from its own dispatcher (InvokeAsync), one call at a time between awaits.
/// </summary>
public sealed class ChangeCoalescer(Func<ChangeNotice, Task> refresh, TimeProvider clock)
{
    private ChangeNotice? waiting;
    private bool running;
    private DateTimeOffset? lastStart;

    /// <summary>The shortest time between the start of two runs (0: run again as soon as the last one ends).</summary>
    public TimeSpan MinimumGap { get; init; }

    /// <summary>How many times the refresh has run (for tests and the benchmark's figures).</summary>
    public int Runs { get; private set; }

    public async Task OfferAsync(ChangeNotice notice)
    {
        waiting = notice;
        if (running) return;
        running = true;
        try
        {
            while (waiting is { } next)
            {
                if (lastStart is { } started && clock.GetUtcNow() - started is var since && since < MinimumGap)
                    await Task.Delay(MinimumGap - since, clock);
                next = waiting ?? next;
                waiting = null;
                lastStart = clock.GetUtcNow();
                Runs++;
                await refresh(next);
            }
        }
        finally
        {
            running = false;
        }
    }
}
