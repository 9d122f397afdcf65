using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>Issue 5: an admin maps an unmapped host; another open browser sees it without reloading.</summary>
public sealed class MappingLiveTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public async Task InitializeAsync()
    {
        host.Start();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = CalAdmin.Tests.TestClock.UtcNow;
        db.Hosts.Add(new Host { CalComUserId = 4242, Name = "Una Host", Email = "una.host@example.com", NormalizedEmail = "una.host@example.com", Username = "una", Active = true, CreatedAt = now, UpdatedAt = now });
        db.Staff.Add(new StaffMember { Name = "Una Staff", Email = "una.staff@example.com", NormalizedEmail = "una.staff@example.com", Department = "Front desk", CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_maps_a_host_and_a_second_browser_sees_it_live()
    {
        var watcher = await (await browser.NewContextAsync()).NewPageAsync();
        await watcher.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        await watcher.GotoAsync(new Uri(host.BaseAddress, "/hosts").ToString());
        await watcher.WaitForCircuitAsync();
        var row = watcher.Locator("tr", new() { HasText = "Una Host" });
        await Assertions.Expect(row.Locator("[data-testid='unmapped']")).ToBeVisibleAsync();

        var admin = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } })).NewPageAsync();
        await admin.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        await admin.ClickAsync(".mud-nav-link:has-text('Mappings')");
        await admin.Locator("tr", new() { HasText = "Una Host" }).Locator("[data-testid='map']").ClickAsync();
        await admin.ClickAsync("[data-testid='map-staff']");
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Una Staff" }).ClickAsync();
        await admin.ClickAsync("[data-testid='map-save']");
        await Assertions.Expect(admin.Locator("tr", new() { HasText = "Una Host" })).ToContainTextAsync("Una Staff");

        // The other browser's Hosts page refreshes itself.
        await Assertions.Expect(row).ToContainTextAsync("Una Staff", new() { Timeout = 5000 });
        await Assertions.Expect(row.Locator("[data-testid='unmapped']")).ToHaveCountAsync(0);
        await watcher.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("mapping-seen-live"), FullPage = true });
        await admin.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("mappings-admin"), FullPage = true });

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var mapping = await db.StaffMappings.Include(m => m.Staff).SingleAsync(m => m.ExternalId == "4242");
        Assert.Equal("Una Staff", mapping.Staff.Name);
        Assert.Equal(MappingMethod.Manual, mapping.Method);
    }
}
