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

    private IRenderedComponent<LiveReload> RenderIsland(bool interactive)
    {
        SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
        Navigation.LocationChanged += (_, e) => { if (e.Location.EndsWith("bookings?status=unconfirmed")) refreshes++; };
        return Render<LiveReload>(p => p.Add(x => x.Topics, [ChangeNotice.Bookings]));
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
