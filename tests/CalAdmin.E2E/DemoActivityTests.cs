using System.Text.RegularExpressions;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// The demo business lives: with <c>CalCom:Sandbox:Activity</c> on, the open home page changes on its own (through the
/// sandbox's signed webhooks); with it off, as in every other test, nothing happens unasked.
/// </summary>
public sealed class DemoActivityTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly List<DashboardHost> hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        foreach (var host in hosts) await host.DisposeAsync();
    }

    private DashboardHost Start(bool activity)
    {
        var host = new DashboardHost();
        host.Settings["CalCom:Sandbox:TimeZone"] = "Europe/Berlin";
        if (activity)
        {
            host.Settings["CalCom:Sandbox:Activity"] = "true";
            host.Settings["CalCom:Sandbox:ActivityInterval"] = "00:00:01";
        }
        hosts.Add(host);
        return host.Start();
    }

    private async Task<IPage> OpenHomeAsync(DashboardHost host)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        await Assertions.Expect(page.Locator("[data-testid='bookings-week'] .figure-value")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task With_activity_on_the_open_home_page_shows_a_change_made_in_calcom_within_a_minute()
    {
        var host = Start(activity: true);
        var sandbox = host.Services.GetRequiredService<EmbeddedSandbox>().Server!;
        var page = await OpenHomeAsync(host);

        // A notice of a change nobody made in CalAdmin, pushed to the page by the webhook it received.
        await Assertions.Expect(page.GetByText(new Regex("^Cal\\.com: booking '.+' ")).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Contains(sandbox.Webhooks.Deliveries, d => d.StatusCode == 200);
        Assert.All(sandbox.Webhooks.Deliveries, d => Assert.True(d.StatusCode == 200, $"{d.TriggerEvent}: {d.StatusCode} {d.Error}"));
        Assert.Equal("Europe/Berlin", host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CalAdmin.Web.Infrastructure.CalAdminOptions>>().Value.TimeZone);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("demo-activity-home") });
    }

    [Fact]
    public async Task With_activity_off_nothing_changes_on_its_own()
    {
        var host = Start(activity: false);
        var sandbox = host.Services.GetRequiredService<EmbeddedSandbox>().Server!;
        var page = await OpenHomeAsync(host);
        Assert.False(sandbox.Activity.Running);

        // A round trip through the same sandbox (a slots query) and a reload of the page: work that completes, after
        // which an activity would have had its turns; the webhook log is still empty and no notice came.
        await using var scope = host.Services.CreateAsyncScope();
        var now = host.Clock.GetUtcNow();
        await scope.ServiceProvider.GetRequiredService<CalComClient>().GetSlotsAsync(2001, now, now.AddDays(7), "UTC");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid='bookings-week'] .figure-value")).ToBeVisibleAsync();

        Assert.Empty(sandbox.Webhooks.Deliveries);
        Assert.Equal(0, await page.GetByText(new Regex("^Cal\\.com: booking")).CountAsync());
        lock (sandbox.State.Gate) Assert.DoesNotContain(sandbox.State.Bookings, b => b.UpdatedAt > now);
    }

    [Fact]
    public async Task The_calendar_day_opens_scrolled_to_the_business_hours_with_the_now_line()
    {
        var host = Start(activity: false);
        var page = await OpenHomeAsync(host);

        await page.GotoAsync(new Uri(host.BaseAddress, "calendar?view=day").ToString());
        // Checked once the circuit has drawn the page again (the box it draws must open on the business hours too).
        await page.WaitForCircuitAsync();

        // Chromium opens the hours box on the business's hours (08:00, a third of the way down the day), without script.
        await page.WaitForFunctionAsync("""
            () => {
                const box = document.querySelector('[data-testid=hours-scroll]');
                const open = document.querySelector('[data-testid=business-hours]');
                return box && open && box.scrollTop > 0 && Math.abs(box.scrollTop - open.offsetTop) <= 2;
            }
            """, null, new() { Timeout = 10_000 });
        var (scrollTop, height) = (await page.Locator("[data-testid=hours-scroll]").EvaluateAsync<double>("e => e.scrollTop"),
            await page.Locator("[data-testid=time-grid]").EvaluateAsync<double>("e => e.offsetHeight"));
        Assert.Equal(height / 3, scrollTop, 1.0);
        await Assertions.Expect(page.Locator("[data-testid=now-line]")).ToHaveCountAsync(1);

        // The rest of the day is reachable: the box scrolls back to midnight.
        await page.Locator("[data-testid=hours-scroll]").EvaluateAsync("e => e.scrollTo(0, 0)");
        Assert.Equal(0, await page.Locator("[data-testid=hours-scroll]").EvaluateAsync<double>("e => e.scrollTop"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("calendar-working-day") });
    }
}
