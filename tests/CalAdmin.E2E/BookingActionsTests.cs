using CalAdmin.Web.Features.Users;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// An office-staff user creates, reschedules, reassigns and cancels a booking in Chromium against the embedded
/// Cal.com sandbox; a second signed-in browser sees every step in the list and the calendar without reloading.
/// </summary>
public sealed class BookingActionsTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Attendee = "<img src=x onerror=alert(1)>";
    private readonly DashboardHost host = new();
    private readonly List<string> dialogs = [];

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

    private async Task<IPage> SignedInPageAsync(IBrowserContext context, string email, string password, string? path = null)
    {
        var page = await context.NewPageAsync();
        // No script may run from attendee text: any alert fails the test.
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        // A context that already signed in goes straight to the page.
        if (context.Pages.Count == 1) await page.SignInAsync(host.BaseAddress, email, password);
        if (path is not null)
        {
            await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
            await page.WaitForCircuitAsync();
        }
        return page;
    }

    [Fact]
    public async Task Staff_create_reschedule_reassign_and_cancel_a_booking_and_a_second_browser_follows_every_step()
    {
        var (staffEmail, staffPassword) = await host.CreateUserAsync(Roles.Staff);
        var (otherEmail, otherPassword) = await host.CreateUserAsync(Roles.Staff);
        var viewport = new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } };
        var office = await SignedInPageAsync(await browser.NewContextAsync(viewport), staffEmail, staffPassword, "/bookings");
        var watcherContext = await browser.NewContextAsync(viewport);
        var list = await SignedInPageAsync(watcherContext, otherEmail, otherPassword, "/bookings");
        // The list is patched in place as bookings change: a marker in its window survives only if it never reloads.
        await list.EvaluateAsync("() => window.__sameDocument = true");

        // 1. New booking through the slot picker: the second free day's first slot, so a later slot that day is left for the move.
        await office.ClickAsync("[data-testid='new-booking']");
        await office.ClickAsync("[data-testid='event-type-select']");
        await office.ClickAsync(".mud-popover-open .mud-list-item:has-text('Discovery Call')");
        var day = office.Locator("[data-testid='slot-days'] > div").Nth(1);
        var firstSlot = day.Locator("[data-testid='slot']").First;
        var start = DateTime.Parse((await firstSlot.GetAttributeAsync("data-start"))!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        var date = start.ToString("yyyy-MM-dd");
        var calendar = await SignedInPageAsync(watcherContext, otherEmail, otherPassword, $"/calendar?view=week&date={date}");
        await firstSlot.ClickAsync();
        await Input(office, "attendee-name-input").FillAsync(Attendee);
        await Input(office, "attendee-email-input").FillAsync("script.kiddie@example.com");
        await Input(office, "attendee-phone-input").FillAsync("+44 20 7946 0000");
        await office.ClickAsync("[data-testid='create-booking']");
        await office.WaitForURLAsync("**/bookings/*");
        var first = office.Url.Split('/')[^1];
        await Assertions.Expect(office.Locator("[data-testid='attendee-name']")).ToHaveTextAsync(Attendee);
        await Assertions.Expect(list.Locator($"[data-testid='bookings-grid'] a[href*='{first}']")).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator("td.booking-attendees").Filter(new() { HasText = Attendee })).ToHaveCountAsync(1);
        await Assertions.Expect(calendar.Locator($"a.cal-item[href='bookings/{first}']")).ToBeVisibleAsync();
        await office.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-1-created"), FullPage = true });

        // 2. Reschedule to a later free time the same day.
        await office.ClickAsync("[data-testid='action-reschedule']");
        var later = office.Locator($".mud-dialog [data-testid='slot'][data-start^='{date}T']:not([data-start='{start:O}'])").Nth(2);
        await later.ClickAsync();
        await Input(office, "reason-input").FillAsync("Customer asked for later");
        await office.ClickAsync("[data-testid='reschedule-confirm']");
        await office.WaitForURLAsync(url => url.Contains("/bookings/") && !url.EndsWith(first));
        var second = office.Url.Split('/')[^1];
        await Assertions.Expect(office.Locator("[data-testid='rescheduled-from']")).ToHaveTextAsync(first);
        await Assertions.Expect(list.Locator($"[data-testid='bookings-grid'] a[href*='{second}']")).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator($"[data-testid='bookings-grid'] a[href*='{first}']")).ToHaveCountAsync(0);
        await Assertions.Expect(calendar.Locator($"a.cal-item[href='bookings/{second}']")).ToBeVisibleAsync();
        await Assertions.Expect(calendar.Locator($"a.cal-item[href='bookings/{first}']")).ToHaveCountAsync(0);
        await office.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-2-rescheduled"), FullPage = true });

        // 3. Reassign (round robin) to the first free host, with a reason.
        await office.ClickAsync("[data-testid='action-reassign']");
        var free = office.Locator("[data-testid='reassign-host'][data-free='true']").First;
        await free.ClickAsync();
        var newHost = (await free.InnerTextAsync()).Split('\n')[0].Replace("free", "").Trim();
        await Input(office, "reason-input").FillAsync("Original host is off sick");
        await office.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-3-reassign-dialog") });
        await office.ClickAsync("[data-testid='reassign-confirm']");
        await Assertions.Expect(office.Locator("[data-testid='host-line']").First).ToContainTextAsync(newHost);
        await Assertions.Expect(office.Locator("[data-testid='timeline-entry']").Filter(new() { HasText = "done in CalAdmin" })).ToHaveCountAsync(1);
        var row = list.Locator("tr.booking-row").Filter(new() { Has = list.Locator($"a[href*='{second}']") });
        await Assertions.Expect(row).ToContainTextAsync(newHost);
        await office.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-3-reassigned"), FullPage = true });

        // 4. Cancel with a reason.
        await office.ClickAsync("[data-testid='action-cancel']");
        await Input(office, "reason-input").FillAsync("Customer no longer needs it");
        await office.ClickAsync("[data-testid='reason-confirm']");
        await Assertions.Expect(office.GetByText("Customer no longer needs it")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("[data-testid='action-cancel']")).ToHaveCountAsync(0);
        await Assertions.Expect(list.Locator($"[data-testid='bookings-grid'] a[href*='{second}']")).ToHaveCountAsync(0);
        await Assertions.Expect(calendar.Locator($"a.cal-item[href='bookings/{second}']")).ToHaveCountAsync(0);
        await office.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-4-cancelled"), FullPage = true });
        await list.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-second-browser-list"), FullPage = true });
        await calendar.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("booking-actions-second-browser-calendar"), FullPage = true });

        Assert.True(await list.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The second browser's list reloaded");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_manager_sees_no_action_buttons()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Manager);
        var page = await SignedInPageAsync(await browser.NewContextAsync(), email, password, "/bookings");
        await Assertions.Expect(page.Locator("[data-testid='bookings-grid']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='new-booking']")).ToHaveCountAsync(0);
    }
}
