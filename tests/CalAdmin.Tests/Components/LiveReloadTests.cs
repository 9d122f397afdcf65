using Bunit;
using Bunit.TestDoubles;
using CalAdmin.Web.Components.Shared;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace CalAdmin.Tests.Components;

/// <summary>The island that keeps a page rendered without a circuit (the bookings list) current.</summary>
public sealed class LiveReloadTests : BunitContext
{
    private readonly InProcessChangeFeed feed = new(NullLogger<InProcessChangeFeed>.Instance);

    public LiveReloadTests()
    {
        Services.AddMudServices(); // LiveRefresh, which listens for it
        Services.AddSingleton<IChangeFeed>(feed);
        Services.GetRequiredService<NavigationManager>().NavigateTo("bookings?status=unconfirmed");
    }

    private BunitNavigationManager Navigation => (BunitNavigationManager)Services.GetRequiredService<NavigationManager>();

    /// <summary>The refreshes asked of the browser: each replaces the current history entry with the same address.</summary>
    private int refreshes;

    private IRenderedComponent<LiveReload> RenderIsland(bool interactive, Func<ChangeNotice, ValueTask<bool>>? concerns = null)
    {
        SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
        Navigation.LocationChanged += (_, e) => { if (e.Location.EndsWith("bookings?status=unconfirmed")) refreshes++; };
        return Render<LiveReload>(p => p.Add(x => x.Topics, [ChangeNotice.Bookings]).Add(x => x.Concerns, concerns)
            .Add(x => x.MinimumGap, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void A_change_that_does_not_concern_the_page_neither_refreshes_it_nor_shows_a_notice()
    {
        var island = RenderIsland(interactive: true, concerns: n => ValueTask.FromResult(n.Ids.Contains("mine")));

        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["other"], "Cal.com: booking 'Other' created"));
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["mine"], "Cal.com: booking 'Mine' created"));

        island.WaitForAssertion(() => Assert.Equal("Cal.com: booking 'Mine' created", island.Find("[data-testid=live-notice]").TextContent));
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public void A_burst_of_20_changes_costs_two_refreshes_and_ends_on_the_last_notice()
    {
        var island = RenderIsland(interactive: true);

        for (var i = 1; i <= 20; i++) feed.Publish(new ChangeNotice(ChangeNotice.Bookings, [$"b{i}"], $"Change {i}"));

        // The first at once; the rest wait out the gap together and come as one refresh (re-rendering the page shows
        // the last state whichever notice it carries). The notice hides 4 s after the last one: by then one refresh per
        // change, 300 ms apart, would have made a dozen.
        island.WaitForAssertion(() => Assert.Equal(2, refreshes), TimeSpan.FromSeconds(5));
        island.WaitForAssertion(() => Assert.Empty(island.FindAll("[data-testid=live-notice]")), TimeSpan.FromSeconds(10));
        Assert.Equal(2, refreshes);
    }

    [Fact]
    public void A_change_to_its_topic_refreshes_the_page_in_place_and_shows_the_notice()
    {
        var island = RenderIsland(interactive: true);

        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["b1"], "Cal.com: booking 'Intro' cancelled"));

        island.WaitForAssertion(() => Assert.Equal("Cal.com: booking 'Intro' cancelled", island.Find("[data-testid=live-notice]").TextContent));
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public void A_change_to_another_topic_is_ignored()
    {
        var island = RenderIsland(interactive: true);

        feed.Publish(new ChangeNotice(ChangeNotice.Mappings, ["m1"], "Mapping changed"));
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["b1"], "Booking changed"));

        island.WaitForAssertion(() => Assert.Equal("Booking changed", island.Find("[data-testid=live-notice]").TextContent));
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public void Prerendered_it_neither_listens_nor_says_it_is_live()
    {
        var island = RenderIsland(interactive: false);

        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["b1"], "Cal.com: booking cancelled"));

        Assert.Empty(island.FindAll("[data-live=on]"));
        Assert.Equal(0, refreshes);
    }
}
