using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.E2E;

/// <summary>
/// The bookings list is rendered on the server without a circuit: its filters, tabs, sort headers and pager work through
/// the URL, patched into the open page (no reload), and a row opens its booking. The mirror is the embedded sandbox's
/// team and bookings, brought in by the real sync and import.
/// </summary>
public sealed class BookingListTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = "UTC";
        host.Settings["CalCom:Sandbox:RateLimitPerMinute"] = "100000";
        host.Start();
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<TeamSync>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        Assert.True((await scope.ServiceProvider.GetRequiredService<BookingImport>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    private async Task<int> CountAsync(Func<IQueryable<Booking>, IQueryable<Booking>> filter)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await filter(db.Bookings).CountAsync();
    }

    private static ILocator PageInfo(IPage page) => page.Locator("[data-testid='page-info']");

    [Fact]
    public async Task Office_staff_filter_search_sort_and_page_the_list_in_place_and_open_a_booking_from_its_row()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(host.BaseAddress, email, password);
        // From an interactive page, the menu's link loads the list.
        await page.ClickAsync("nav a[href='/bookings']");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("tr.booking-row").First).ToBeVisibleAsync();
        // A marker in the window: it survives everything below only if the page is never reloaded.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        var all = await CountAsync(b => b);
        await page.ClickAsync("a.mud-tab:has-text('All')");
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"1–25 of {all:N0}");
        Assert.Contains("status=all", page.Url);

        // The first row's host, chosen from the list: the list and the URL follow the choice.
        var hostName = (await page.Locator("td.booking-hosts .booking-host").First.InnerTextAsync()).Replace("unmapped", "").Trim();
        var hostOption = page.Locator("select[data-testid='host-filter'] option").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(hostName)}( \\(unmapped\\))?$") });
        var hostId = int.Parse((await hostOption.GetAttributeAsync("value"))!);
        await page.SelectOptionAsync("select[data-testid='host-filter']", hostId.ToString());
        var hostCount = await CountAsync(q => q.Where(b => b.Hosts.Any(h => h.HostId == hostId)));
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"1–{Math.Min(25, hostCount)} of {hostCount:N0}");
        Assert.Contains($"host={hostId}", page.Url);
        await Assertions.Expect(page.Locator("td.booking-hosts").First).ToContainTextAsync(hostName);

        // Typing a search narrows it, with no button to press.
        var attendee = await page.Locator("td.booking-attendees").First.InnerTextAsync();
        var term = attendee.Split(" · ")[1].Split('@')[0]; // the first attendee's email name
        await page.FillAsync("input[data-testid='search']", term);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"q={term}"));
        await Assertions.Expect(page.Locator("td.booking-attendees").First).ToContainTextAsync(term);
        await Assertions.Expect(page.Locator("input[data-testid='search']")).ToBeFocusedAsync();

        // Clear, then sort by title and page on.
        await page.ClickAsync("[data-testid='clear-filters']");
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"1–25 of {all:N0}");
        await page.ClickAsync("[data-testid='sort-title']");
        await Assertions.Expect(page.Locator("[data-testid='sort-title']")).ToHaveAttributeAsync("data-sort", "ascending");
        var titles = await page.Locator("a.booking-title").AllInnerTextsAsync();
        Assert.Equal(titles.Order(StringComparer.Ordinal).ToList(), titles);
        await page.ClickAsync("a[aria-label='Next page']");
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"26–50 of {all:N0}");
        Assert.True(string.CompareOrdinal(titles[^1], await page.Locator("a.booking-title").First.InnerTextAsync()) <= 0);
        await page.SelectOptionAsync("select[data-testid='page-size']", "50");
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"1–50 of {all:N0}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The list reloaded the page");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-list-sorted"), FullPage = true });

        // A click on a row (not on its link) opens the booking.
        var row = page.Locator("tr.booking-row").Nth(2);
        var uid = (await row.Locator("a.booking-title").GetAttributeAsync("href"))!.Split('/')[^1];
        await row.Locator("td.booking-attendees").ClickAsync();
        await page.WaitForURLAsync($"**/bookings/{uid}");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("h1, .mud-typography-h5").First).ToBeVisibleAsync();

        // Back returns to the same view.
        await page.GoBackAsync();
        await Assertions.Expect(PageInfo(page)).ToHaveTextAsync($"1–50 of {all:N0}");
        Assert.Contains("sort=title", page.Url);
    }

    [Fact]
    public async Task On_a_phone_the_menu_opens_over_the_list_and_leads_to_the_calendar()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, "/bookings").ToString());
        await page.WaitForCircuitAsync();

        var calendarLink = page.Locator("nav a[href='/calendar']");
        await Assertions.Expect(calendarLink).Not.ToBeInViewportAsync();
        await page.ClickAsync("[data-drawer-toggle]");
        await Assertions.Expect(calendarLink).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-list-phone-menu") });
        await calendarLink.ClickAsync();
        await page.WaitForURLAsync("**/calendar**");
        await Assertions.Expect(page.Locator(".mud-layout[data-interactive='true']")).ToBeAttachedAsync();
    }
}
