using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

public sealed class SharedRefreshTests
{
    [Fact]
    public async Task Pages_refreshing_on_the_same_change_share_one_load_and_a_new_change_loads_again()
    {
        var shared = new SharedRefresh<int>();
        var loads = 0;
        var release = new TaskCompletionSource();
        async Task<int> Load() { var n = Interlocked.Increment(ref loads); await release.Task; return n; }
        var first = new ChangeNotice(ChangeNotice.Bookings, ["a"]);

        var pages = Enumerable.Range(0, 20).Select(_ => shared.LoadAsync(first, Load)).ToList();
        release.SetResult();

        Assert.Equal(Enumerable.Repeat(1, 20), await Task.WhenAll(pages));
        // A page that hears the same change late still gets the load that started after it was published.
        Assert.Equal(1, await shared.LoadAsync(first, Load));
        // An equal-looking but new change is a new change.
        Assert.Equal(2, await shared.LoadAsync(new ChangeNotice(ChangeNotice.Bookings, ["a"]), Load));
    }

    [Fact]
    public async Task A_failed_load_is_not_handed_to_the_next_page()
    {
        var shared = new SharedRefresh<int>();
        var change = new ChangeNotice(ChangeNotice.Bookings, []);
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.LoadAsync(change, () => Task.FromException<int>(new InvalidOperationException("database gone"))));

        Assert.Equal(7, await shared.LoadAsync(change, () => Task.FromResult(7)));
    }
}
