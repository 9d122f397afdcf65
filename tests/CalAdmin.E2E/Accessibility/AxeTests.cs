using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Features.Users;
using Microsoft.Playwright;

namespace CalAdmin.E2E.Accessibility;

/// <summary>
/// Issue 18: axe-core finds no WCAG 2.1 A/AA violation on any page, for every role, in light and dark mode, at desktop
/// and phone width, nor with the booking dialogs open. Every page also has exactly one h1.
/// </summary>
public sealed class AxeTests(AccessibilitySite site) : IClassFixture<AccessibilitySite>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => site.Browser.CloseContextsAsync();

    /// <summary>The pages a role reaches: its navigation, and the pages opened from there.</summary>
    private IEnumerable<string> PagesOf(string role)
    {
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role)], "test"));
        foreach (var item in NavItems.All.Where(i => i.VisibleTo(user))) yield return item.Href;
        if (role != Roles.Staff) yield return "/reassignments/fairness";
        if (role == Roles.Admin) yield return "/staff/import";
        yield return "/calendar?view=month";
        yield return "/calendar?view=day";
        yield return "/day-sheet";
        yield return $"/bookings/{site.BookingUid}";
        yield return $"/hosts/{site.HostId}";
        yield return $"/people?email={Uri.EscapeDataString(site.BookingAttendeeEmail)}";
        yield return $"/search?q={Uri.EscapeDataString(site.BookingAttendeeEmail[..3])}";
        yield return "/Account/Manage";
        yield return "/Account/Manage/ChangePassword";
        yield return "/Account/Manage/TwoFactorAuthentication";
    }

    private static async Task<string> CheckAsync(IPage page, string where)
    {
        // A page is checked once it has rendered its data: its one h1 is there, and nothing is loading.
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".mud-progress-linear-indeterminate, .mud-skeleton")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        return Axe.Describe(where, await Axe.RunAsync(page));
    }

    private async Task<string> CheckPagesAsync(IPage page, string role, string where)
    {
        var found = "";
        foreach (var path in PagesOf(role))
        {
            await page.GotoAsync(new Uri(site.Host.BaseAddress, path).ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            // The account pages and the search results are static: no circuit, no live island to wait for.
            if (!path.StartsWith("/Account") && !path.StartsWith("/search")) await page.WaitForCircuitAsync();
            found += await CheckAsync(page, $"{path} | {where}");
        }
        return found;
    }

    [Theory]
    [InlineData(Roles.Admin, false, 1366)]
    [InlineData(Roles.Admin, true, 1366)]
    [InlineData(Roles.Manager, false, 1366)]
    [InlineData(Roles.Manager, true, 1366)]
    [InlineData(Roles.Staff, false, 1366)]
    [InlineData(Roles.Staff, true, 1366)]
    [InlineData(Roles.Admin, false, 390)]
    [InlineData(Roles.Admin, true, 390)]
    public async Task Every_page_has_no_wcag_violation(string role, bool dark, int width)
    {
        var page = await site.SignedInPageAsync(role, dark, width, width < 600 ? 844 : 800);
        var found = await CheckPagesAsync(page, role, $"{role} | {(dark ? "dark" : "light")} | {width}px");
        Assert.True(found.Length == 0, "axe-core found WCAG 2.1 A/AA violations:\n" + found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_sign_in_page_has_no_wcag_violation(bool dark)
    {
        var context = await site.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1366, Height = 800 }, ReducedMotion = ReducedMotion.Reduce,
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.Host.BaseAddress, "/Account/Login").ToString());
        var found = await CheckAsync(page, $"/Account/Login | signed out | {(dark ? "dark" : "light")}");
        Assert.True(found.Length == 0, "axe-core found WCAG 2.1 A/AA violations:\n" + found);
    }

    [Theory]
    [InlineData(false, 1366)]
    [InlineData(true, 1366)]
    [InlineData(false, 390)]
    public async Task The_booking_dialogs_have_no_wcag_violation(bool dark, int width)
    {
        var where = $"{Roles.Staff} | {(dark ? "dark" : "light")} | {width}px";
        var page = await site.SignedInPageAsync(Roles.Staff, dark, width, width < 600 ? 844 : 800);
        var found = "";

        await page.GotoAsync(new Uri(site.Host.BaseAddress, "/bookings").ToString());
        await page.WaitForCircuitAsync();
        await page.ClickAsync("[data-testid='new-booking']");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        found += await CheckAsync(page, $"new booking dialog | {where}");
        await page.ClickAsync("[data-testid='event-type-select']");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('Discovery Call')");
        await Assertions.Expect(page.Locator("[data-testid='slot']").First).ToBeVisibleAsync();
        found += await CheckAsync(page, $"new booking dialog with slots | {where}");

        await page.GotoAsync(new Uri(site.Host.BaseAddress, $"/bookings/{site.BookingUid}").ToString());
        await page.WaitForCircuitAsync();
        await page.ClickAsync("[data-testid='action-reschedule']");
        await Assertions.Expect(page.Locator(".mud-dialog [data-testid='slot']").First).ToBeVisibleAsync();
        found += await CheckAsync(page, $"reschedule dialog | {where}");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid='action-cancel']");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        found += await CheckAsync(page, $"cancel dialog | {where}");
        Assert.True(found.Length == 0, "axe-core found WCAG 2.1 A/AA violations:\n" + found);
    }
}
