using System.Text.Json.Nodes;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>Open pages change when Cal.com reports a change, without a reload.</summary>
public sealed class LiveRefreshTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    // A Tuesday morning of the test clock's week (or the next one): "this week" then has working hours left to book in.
    private readonly DashboardHost host = new() { Clock = TuesdayMorning(CalAdmin.Tests.TestClock.Now) };

    private static TimeProvider TuesdayMorning(DateTimeOffset now)
    {
        var tuesday = now.UtcDateTime.Date.AddDays(((int)DayOfWeek.Tuesday - (int)now.DayOfWeek + 7) % 7).AddHours(8);
        return new CalAdmin.Tests.ShiftedClock(TimeProvider.System, new DateTimeOffset(tuesday, TimeSpan.Zero) - TimeProvider.System.GetUtcNow());
    }

    public Task InitializeAsync()
    {
        host.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    private static string Delivery(string trigger, DateTime createdAt, string uid, DateTime start, string status) => new JsonObject
    {
        ["triggerEvent"] = trigger,
        ["createdAt"] = createdAt.ToString("O"),
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = 77, ["title"] = "Intro call", ["startTime"] = start.ToString("O"), ["endTime"] = start.AddMinutes(30).ToString("O"),
            ["status"] = status, ["eventTypeId"] = 2001,
            ["organizer"] = new JsonObject { ["id"] = 101, ["name"] = "Ada Host", ["email"] = "ada@example.com" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest", ["email"] = "guest@example.com", ["timeZone"] = "UTC" }),
        },
    }.ToJsonString();

    [Fact]
    public async Task A_signed_cancellation_shows_on_the_open_home_page_within_a_second()
    {
        var start = host.Clock.GetUtcNow().UtcDateTime.Date.AddHours(23).AddMinutes(30);
        await host.PostWebhookAsync(Delivery("BOOKING_CREATED", host.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5), "live-1", start, "ACCEPTED"));
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        var today = page.Locator("[data-testid='bookings-today'] .figure-value");
        await Assertions.Expect(today).ToHaveTextAsync("1");

        var response = await host.PostWebhookAsync(Delivery("BOOKING_CANCELLED", host.Clock.GetUtcNow().UtcDateTime, "live-1", start, "CANCELLED"));

        Assert.True(response.IsSuccessStatusCode);
        await Assertions.Expect(today).ToHaveTextAsync("0", new() { Timeout = 1000 });
        await Assertions.Expect(page.GetByText("Cal.com: booking 'Intro call' cancelled")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-refresh-home") });
    }

    [Fact]
    public async Task A_booking_made_in_the_embedded_sandbox_reaches_the_open_page_through_its_signed_webhook()
    {
        var sandbox = host.Services.GetRequiredService<EmbeddedSandbox>().Server!;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        var week = page.Locator("[data-testid='bookings-week'] .figure-value");
        var before = int.Parse(await week.InnerTextAsync());

        // An action through CalAdmin's own Cal.com client, against the sandbox it started.
        await using var scope = host.Services.CreateAsyncScope();
        var calCom = scope.ServiceProvider.GetRequiredService<CalComClient>();
        var now = host.Clock.GetUtcNow();
        var weekEnd = now.Date.AddDays(7 - ((int)now.DayOfWeek + 6) % 7);
        var slots = await calCom.GetSlotsAsync(2001, now, new DateTimeOffset(weekEnd, TimeSpan.Zero), "UTC");
        var slot = slots.SelectMany(d => d.Value).Where(s => s.Start > now.AddMinutes(30) && s.Start < weekEnd).OrderBy(s => s.Start).FirstOrDefault();
        Assert.True(slot is not null, "The sandbox offered no slot for the rest of this week");
        await calCom.CreateBookingAsync(new CreateBookingRequest(slot!.Start, new CreateBookingAttendee("Grace Hopper", "UTC", "grace@example.com"), EventTypeId: 2001));

        await Assertions.Expect(week).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 5000 });
        var delivery = Assert.Single(sandbox.Webhooks.Deliveries, d => d.TriggerEvent == "BOOKING_CREATED");
        Assert.Equal(200, delivery.StatusCode);
    }

    [Fact]
    public async Task Settings_show_the_sandbox_and_test_the_connection()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        await Assertions.Expect(page.Locator("[data-testid='sandbox-chip']")).ToBeVisibleAsync();

        await page.ClickAsync(".mud-nav-link:has-text('Settings')");
        await page.ClickAsync("[data-testid='test-connection']");

        await Assertions.Expect(page.Locator("[data-testid='connection-result']")).ToContainTextAsync("Connected as");
        await Assertions.Expect(page.Locator("[data-testid='connection-result']")).ToContainTextAsync("is visible");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("settings-sandbox"), FullPage = true });
    }
}
