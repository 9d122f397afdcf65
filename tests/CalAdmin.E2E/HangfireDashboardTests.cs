using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>The Hangfire dashboard works in Chromium under its Content-Security-Policy (a refusal fails the test on dispose).</summary>
public sealed class HangfireDashboardTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync()
    {
        host.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_dashboard_and_its_recurring_jobs_render_with_no_CSP_refusal()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);

        await page.GotoAsync(new Uri(host.BaseAddress, "/hangfire").ToString());
        await Assertions.Expect(page.GetByText("CalAdmin jobs").First).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(host.BaseAddress, "/hangfire/recurring").ToString());
        await Assertions.Expect(page.GetByText("webhook-payload-purge")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("calcom-team-sync")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }
}
