using CalAdmin.E2E.Accessibility;
using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Features.Users;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// Issue 16: the one layout works on every page, with a circuit and without one (/bookings): the user menu, the drawer
/// on a phone, and dark mode. An Admin reaches every page of the navigation; a booking's and a host's page are added.
/// </summary>
public sealed class LayoutTests(AccessibilitySite site) : IClassFixture<AccessibilitySite>, IAsyncLifetime
{
    // CalAdminTheme's Background, light and dark, as the browser computes body's background.
    private const string LightBackground = "rgb(246, 248, 250)";
    private const string DarkBackground = "rgb(13, 17, 23)";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => site.Browser.CloseContextsAsync();

    private IEnumerable<string> Pages()
    {
        var admin = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Admin)], "test"));
        var nav = NavItems.All.Where(i => i.VisibleTo(admin)).Select(i => i.Href).ToList();
        Assert.Equal(NavItems.All.Count, nav.Count);
        return [.. nav, $"/bookings/{site.BookingUid}", $"/hosts/{site.HostId}"];
    }

    private async Task<IPage> SignedInAsync(int width, int height)
    {
        // A user of its own: no saved theme, so the light browser decides, and the dark-mode test's choices stay its own.
        var (email, password) = await site.Host.CreateUserAsync(Roles.Admin);
        var context = await site.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ReducedMotion = ReducedMotion.Reduce,
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(site.Host.BaseAddress, email, password);
        return page;
    }

    private async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(site.Host.BaseAddress, path).ToString());
        await page.WaitForCircuitAsync();
    }

    [Fact]
    public async Task On_every_page_the_user_menu_opens_with_its_two_entries_and_closes_with_Escape()
    {
        var page = await SignedInAsync(1366, 800);
        foreach (var path in Pages())
        {
            await OpenAsync(page, path);
            var settings = page.GetByText("Account settings");
            var signOut = page.Locator("[data-testid='sign-out']");
            await Assertions.Expect(signOut).ToBeHiddenAsync();

            await page.ClickAsync("[data-testid='user-menu'] button");

            await Assertions.Expect(settings).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Assertions.Expect(signOut).ToBeVisibleAsync();
            await Assertions.Expect(signOut).ToContainTextAsync("Sign out");
            if (path == "/bookings") await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("layout-user-menu-static") });
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(settings).ToBeHiddenAsync(new() { Timeout = 5_000 });
            await Assertions.Expect(signOut).ToBeHiddenAsync();
        }
    }

    [Fact]
    public async Task The_user_menu_closes_with_Escape_when_the_page_heading_took_focus_after_it_opened()
    {
        // The router's FocusOnNavigate focuses the heading after the first render; on a busy machine that can come after
        // a quick first click on the menu. Escape from there still closes it, and focus goes back to the menu's button.
        var page = await SignedInAsync(1366, 800);
        await OpenAsync(page, "/");
        await page.ClickAsync("[data-testid='user-menu'] button");
        await Assertions.Expect(page.GetByText("Account settings")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await page.EvaluateAsync("() => calAdmin.focusHeading()");
        await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.GetByText("Account settings")).ToBeHiddenAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("[data-testid='user-menu'] button")).ToBeFocusedAsync();
        // Closed, the menu no longer takes the page's Escape: a second one leaves focus where it is.
        await page.EvaluateAsync("() => calAdmin.focusHeading()");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task On_a_phone_every_page_starts_with_the_drawer_closed_the_toggle_opens_it_and_the_app_bar_fits()
    {
        var page = await SignedInAsync(390, 844);
        foreach (var path in Pages())
        {
            await OpenAsync(page, path);
            var link = page.Locator("nav[aria-label='Main'] a[href='/calendar']");
            await Assertions.Expect(link).Not.ToBeInViewportAsync(new() { Timeout = 5_000 });
            // In a circuit MudDrawer learns the screen's width after the first render and closes itself: a click before
            // that would only close it sooner.
            await Assertions.Expect(page.Locator(".mud-layout[data-interactive='true'] .mud-drawer:not(.mud-drawer--closed)")).ToHaveCountAsync(0, new() { Timeout = 5_000 });

            await page.ClickAsync("[aria-label='Toggle navigation']");

            await Assertions.Expect(link).ToBeInViewportAsync(new() { Timeout = 5_000 });
            // Reachable: nothing covers it and it takes a click (a trial click checks that without navigating).
            await link.ClickAsync(new() { Trial = true, Timeout = 5_000 });
            // The app bar's own controls stay on screen too.
            await Assertions.Expect(page.Locator("[data-testid='user-menu'] button").First).ToBeInViewportAsync(new() { Ratio = 1 });
            await Assertions.Expect(page.Locator("[data-testid='dark-mode']")).ToBeInViewportAsync(new() { Ratio = 1 });
            if (path == "/bookings") await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("layout-phone-drawer-static") });
        }
    }

    [Fact]
    public async Task On_every_page_the_dark_mode_toggle_switches_the_theme_and_the_next_page_keeps_it()
    {
        var page = await SignedInAsync(1366, 800);
        var body = page.Locator("body");
        var dark = false;
        foreach (var path in Pages())
        {
            await OpenAsync(page, path);
            // The choice made on the page before holds here.
            await Assertions.Expect(body).ToHaveCSSAsync("background-color", dark ? DarkBackground : LightBackground, new() { Timeout = 5_000 });

            await page.ClickAsync("[data-testid='dark-mode']");
            dark = !dark;

            await Assertions.Expect(body).ToHaveCSSAsync("background-color", dark ? DarkBackground : LightBackground, new() { Timeout = 5_000 });
            // The switch on a page rendered without a circuit reloads it: wait for that before going on.
            await page.WaitForCircuitAsync();
            if (path == "/bookings") await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"layout-{(dark ? "dark" : "light")}-static") });
        }
    }
}
