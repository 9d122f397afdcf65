using CalAdmin.Web.Features.Users;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// An office-staff user changes a booking's location through its dialog in Chromium against the embedded Cal.com
/// sandbox: the dialog refuses a bad link, takes an address, and the booking page shows the new location from Cal.com's answer.
/// </summary>
public sealed class BookingEditsTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = "UTC";
        host.Settings["CalCom:Sandbox:RateLimitPerMinute"] = "100000";
        host.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    [Fact]
    public async Task Staff_change_a_bookings_location_through_Cal_com_and_the_page_shows_it()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, "/bookings").ToString());
        await page.WaitForCircuitAsync();

        // A booking made through CalAdmin, at the second free day's first slot.
        await page.ClickAsync("[data-testid='new-booking']");
        await page.ClickAsync("[data-testid='event-type-select']");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('Discovery Call')");
        await page.Locator("[data-testid='slot-days'] > div").Nth(1).Locator("[data-testid='slot']").First.ClickAsync();
        await Input(page, "attendee-name-input").FillAsync("Katherine Johnson");
        await Input(page, "attendee-email-input").FillAsync("katherine@example.com");
        await page.ClickAsync("[data-testid='create-booking']");
        await page.WaitForURLAsync("**/bookings/*");
        await page.WaitForCircuitAsync();

        await page.ClickAsync("[data-testid='action-location']");
        await page.Locator(".mud-dialog label:has-text('Link')").ClickAsync();
        await Input(page, "location-value").FillAsync("javascript:alert(1)");
        await Assertions.Expect(page.Locator("[data-testid='location-problem']")).ToHaveTextAsync("Enter a link that starts with https:// or http://.");
        await Assertions.Expect(page.Locator("[data-testid='location-confirm']")).ToBeDisabledAsync();

        await page.Locator(".mud-dialog label:has-text('In person (address)')").ClickAsync();
        await Input(page, "location-value").FillAsync("Hauptstr. 1, 10115 Berlin");
        await page.ClickAsync("[data-testid='location-confirm']");

        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "The location is changed in Cal.com" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='location']")).ToHaveTextAsync("Hauptstr. 1, 10115 Berlin");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-edits-location"), FullPage = true });
    }
}
