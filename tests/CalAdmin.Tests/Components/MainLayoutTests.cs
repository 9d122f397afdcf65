using Bunit;
using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Components.Shared;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Components;

/// <summary>
/// The layout in a circuit: its error boundary (a live update that throws shows an alert in place of the page, and the
/// circuit lives on) and its drawer on a phone before MudDrawer has heard the screen's width.
/// </summary>
public sealed class MainLayoutTests : BunitContext, IAsyncLifetime
{
    private readonly InProcessChangeFeed feed = new(NullLogger<InProcessChangeFeed>.Instance);
    private bool failing = true;

    private readonly SilentViewport viewport = new();

    public MainLayoutTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IBrowserViewportService>(viewport);
        Services.AddUsers();
        // Nobody is signed in, so the layout's preferences never reach the database.
        Services.AddSingleton<IDbContextFactory<AppDbContext>, UnusedDatabase>();
        Services.AddSingleton(new CalComConnection(Options.Create(new CalComOptions())));
        Services.AddSingleton<IChangeFeed>(feed);
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void A_throwing_change_feed_handler_shows_the_layouts_alert_and_Try_again_brings_the_page_back()
    {
        var layout = Render<MainLayout>(p => p
            .SetAssignedRenderMode(RenderMode.InteractiveServer)
            .Add(l => l.Body, LivePage));
        layout.WaitForAssertion(() => Assert.Equal("The page", layout.Find("[data-testid=live-page]").TextContent));

        // Published from the test's thread, as the change feed does from a webhook's or a job's thread.
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, []));

        layout.WaitForAssertion(() =>
        {
            var alert = layout.Find("[data-testid=page-error]");
            Assert.Equal("alert", alert.GetAttribute("role"));
            Assert.Contains("Something went wrong on this page", alert.TextContent);
            Assert.Empty(layout.FindAll("[data-testid=live-page]"));
        });
        // The layout around the page still works.
        Assert.NotEmpty(layout.FindAll("[data-testid=dark-mode]"));

        failing = false;
        layout.Find("[data-testid=page-error-retry]").Click();

        layout.WaitForAssertion(() => Assert.Equal("The page", layout.Find("[data-testid=live-page]").TextContent));
        Assert.Empty(layout.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void On_a_phone_a_tap_before_the_drawer_has_heard_the_width_opens_it_and_the_next_closes_it()
    {
        viewport.Breakpoint = Breakpoint.Xs;
        var layout = Render<MainLayout>(p => p
            .SetAssignedRenderMode(RenderMode.InteractiveServer)
            .Add(l => l.Body, b => b.AddMarkupContent(0, "<p>The page</p>")));
        // Drawn open, and hidden by MudBlazor's styles for a first drawer on a narrow screen.
        Assert.Contains("mud-drawer--initial", layout.Find(".mud-drawer").ClassName);

        layout.Find("[aria-label='Toggle navigation']").Click();
        layout.WaitForAssertion(() =>
        {
            var drawer = layout.Find(".mud-drawer").ClassList;
            Assert.Contains("mud-drawer--open", drawer);
            Assert.DoesNotContain("mud-drawer--initial", drawer);
        });

        layout.Find("[aria-label='Toggle navigation']").Click();
        layout.WaitForAssertion(() => Assert.Contains("mud-drawer--closed", layout.Find(".mud-drawer").ClassList));
    }

    private RenderFragment LivePage => builder =>
    {
        builder.OpenComponent<LiveRefresh>(0);
        builder.AddComponentParameter(1, nameof(LiveRefresh.Topics), new[] { ChangeNotice.Bookings });
        builder.AddComponentParameter(2, nameof(LiveRefresh.OnChange), EventCallback.Factory.Create<ChangeNotice>(this, OnChange));
        builder.CloseComponent();
        builder.AddMarkupContent(3, "<p data-testid=\"live-page\">The page</p>");
    };

    private void OnChange(ChangeNotice notice)
    {
        if (failing) throw new InvalidOperationException("The page's query failed.");
    }

    private sealed class UnusedDatabase : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => throw new InvalidOperationException("This test uses no database.");
    }

    /// <summary>A browser whose width MudDrawer has not heard yet: it never notifies, and tells the breakpoint when asked.</summary>
    private sealed class SilentViewport : IBrowserViewportService
    {
        public Breakpoint Breakpoint { get; set; } = Breakpoint.Lg;
        public ResizeOptions ResizeOptions { get; } = new();
        public Task SubscribeAsync(IBrowserViewportObserver observer, bool fireImmediately = true) => Task.CompletedTask;
        public Task SubscribeAsync(Guid observerId, Action<BrowserViewportEventArgs> lambda, ResizeOptions? options = null, bool fireImmediately = true) => Task.CompletedTask;
        public Task SubscribeAsync(Guid observerId, Func<BrowserViewportEventArgs, Task> lambda, ResizeOptions? options = null, bool fireImmediately = true) => Task.CompletedTask;
        public Task UnsubscribeAsync(IBrowserViewportObserver observer) => Task.CompletedTask;
        public Task UnsubscribeAsync(Guid observerId) => Task.CompletedTask;
        public Task<bool> IsMediaQueryMatchAsync(string mediaQuery) => Task.FromResult(false);
        public Task<bool> IsBreakpointWithinWindowSizeAsync(Breakpoint breakpoint) => Task.FromResult(false);
        public Task<bool> IsBreakpointWithinReferenceSizeAsync(Breakpoint breakpoint, Breakpoint reference) => Task.FromResult(false);
        public Task<Breakpoint> GetCurrentBreakpointAsync() => Task.FromResult(Breakpoint);
        public Task<BrowserWindowSize> GetCurrentBrowserWindowSizeAsync() => Task.FromResult(new BrowserWindowSize { Width = Breakpoint < Breakpoint.Md ? 390 : 1280, Height = 800 });
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
