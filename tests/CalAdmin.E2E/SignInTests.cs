using CalAdmin.Web.Features.Users;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

public sealed class SignInTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync()
    {
        host.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Bootstrap_admin_signs_in_through_the_form_and_lands_on_the_home_page()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });

        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        Assert.Equal(new Uri(host.BaseAddress, "/").ToString(), page.Url);
        await Assertions.Expect(page.GetByText("Bookings today", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-nav-link", new() { HasText = "Users" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("home-admin"), FullPage = true });
    }

    [Fact]
    public async Task On_a_phone_the_navigation_drawer_closes_after_an_entry_is_chosen()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        var drawer = page.Locator(".mud-drawer");
        await Assertions.Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed")); // a narrow screen starts with it closed
        await page.ClickAsync("[aria-label='Toggle navigation']");
        await Assertions.Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));

        await page.ClickAsync(".mud-nav-link:has-text('Calendar')");

        await page.WaitForURLAsync(new Regex("/calendar"));
        await Assertions.Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-calendar") });
    }

    [Fact]
    public async Task The_user_menu_signs_out_from_an_interactive_page_and_from_the_bookings_list()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });

        // The home page is interactive: the user menu is a MudMenu.
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.ClickAsync("[data-testid='user-menu'] button");
        await page.ClickAsync("[data-testid='sign-out']");
        await page.WaitForURLAsync("**/Account/Login**");
        // Signed out for real: the list sends this browser to sign in.
        Assert.Equal(302, (await page.APIRequest.GetAsync(new Uri(host.BaseAddress, "/bookings").ToString(), new() { MaxRedirects = 0 })).Status);

        // The bookings list is rendered without a circuit: there app.js opens the same menu button's list.
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, "/bookings").ToString());
        await page.ClickAsync("[data-testid='user-menu'] button");
        await page.ClickAsync("[data-testid='sign-out']");
        await page.WaitForURLAsync("**/Account/Login**");
        Assert.Equal(302, (await page.APIRequest.GetAsync(new Uri(host.BaseAddress, "/bookings").ToString(), new() { MaxRedirects = 0 })).Status);
    }

    [Fact]
    public async Task Wrong_password_is_explained_on_the_form()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/Account/Login").ToString());

        await page.FillAsync("input[name='Input.Email']", DashboardHost.AdminEmail);
        await page.FillAsync("input[name='Input.Password']", "wrong-password");
        await page.ClickAsync("#sign-in");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong email or password");
    }

    [Fact]
    public async Task Admin_creates_a_staff_user_who_can_then_sign_in_without_the_users_page()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        await page.ClickAsync(".mud-nav-link:has-text('Users')");
        await page.ClickAsync("[data-testid='new-user']");
        await page.Locator("input[data-testid='user-email'], [data-testid='user-email'] input").FillAsync("new.staff@e2e.local");
        await page.Locator("input[data-testid='user-name'], [data-testid='user-name'] input").FillAsync("New Staff");
        await page.Locator("input[data-testid='user-password'], [data-testid='user-password'] input").FillAsync("Brand-New-Passw0rd");
        await page.ClickAsync("[data-testid='user-save']");

        await Assertions.Expect(page.Locator("[data-testid='users-table']")).ToContainTextAsync("new.staff@e2e.local");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-users"), FullPage = true });

        var staffPage = await (await browser.NewContextAsync()).NewPageAsync();
        await staffPage.SignInAsync(host.BaseAddress, "new.staff@e2e.local", "Brand-New-Passw0rd");
        await Assertions.Expect(staffPage.GetByText("Bookings today", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await staffPage.Locator(".mud-nav-link", new() { HasText = "Users" }).CountAsync());
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }
}
