using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>A page's answer to a burst of changes: a refresh at once, then one more with the latest, never one per change.</summary>
public sealed class ChangeCoalescerTests
{
    private static ChangeNotice Notice(int i) => new(ChangeNotice.Bookings, [$"b{i}"]);

    [Fact]
    public async Task A_burst_while_a_refresh_runs_costs_one_more_refresh_with_the_latest_notice()
    {
        var seen = new List<string>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var coalescer = new ChangeCoalescer(async n =>
        {
            seen.Add(n.Ids[0]);
            if (seen.Count == 1)
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }
        }, TimeProvider.System);

        var first = coalescer.OfferAsync(Notice(0));
        await firstRunning.Task;
        // 19 more arrive while the first refresh is still running: each returns at once.
        for (var i = 1; i < 20; i++) Assert.True(coalescer.OfferAsync(Notice(i)).IsCompleted);
        releaseFirst.SetResult();
        await first;

        Assert.Equal(["b0", "b19"], seen);
        Assert.Equal(2, coalescer.Runs);
    }

    [Fact]
    public async Task Changes_apart_each_get_their_refresh()
    {
        var seen = new List<string>();
        var coalescer = new ChangeCoalescer(n => { seen.Add(n.Ids[0]); return Task.CompletedTask; }, TimeProvider.System);

        await coalescer.OfferAsync(Notice(1));
        await coalescer.OfferAsync(Notice(2));

        Assert.Equal(["b1", "b2"], seen);
    }

    [Fact]
    public async Task With_a_minimum_gap_the_trailing_refresh_waits_for_it_and_shows_the_last_state()
    {
        var seen = new List<(string Uid, DateTimeOffset At)>();
        var clock = TimeProvider.System;
        var coalescer = new ChangeCoalescer(n => { seen.Add((n.Ids[0], clock.GetUtcNow())); return Task.CompletedTask; }, clock)
        {
            MinimumGap = TimeSpan.FromMilliseconds(200),
        };

        await coalescer.OfferAsync(Notice(0)); // at once
        var second = coalescer.OfferAsync(Notice(1)); // waits out the gap
        Assert.True(coalescer.OfferAsync(Notice(2)).IsCompleted); // folded into the waiting one
        await second;

        Assert.Equal(["b0", "b2"], seen.Select(s => s.Uid));
        Assert.True(seen[1].At - seen[0].At >= TimeSpan.FromMilliseconds(190), $"the second refresh came {(seen[1].At - seen[0].At).TotalMilliseconds} ms after the first");
    }
}
