using System.Text.RegularExpressions;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.E2E;

/// <summary>
/// Issue 7: a manager filters the reassignment history by host and downloads exactly that host's rows; then a staff
/// user in another browser reassigns a round-robin booking, and the manager's open history shows it without a reload.
/// The mirror is the embedded sandbox's team and bookings, brought in by the real sync and import.
/// </summary>
public sealed class ReassignmentHistoryTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const int DiscoveryCall = 2001; // the sandbox's round-robin event type
    private readonly DashboardHost host = new();
    private int hostA;
    private string hostACalComName = "";
    private int seeded;

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = "UTC";
        host.Settings["CalCom:Sandbox:RateLimitPerMinute"] = "100000";
        host.Start();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<TeamSync>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
            Assert.True((await scope.ServiceProvider.GetRequiredService<BookingImport>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        }
        await SeedHistoryAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    /// <summary>
    /// Twelve past reassignments among the first three round-robin hosts of the Discovery Call, one every three days:
    /// row i goes from host i mod 3 to host (i + 1) mod 3, so host A is in the rows with i mod 3 = 0 or 2 (eight rows).
    /// Host B loses its staff member, so the page shows an unmapped host.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var hosts = await db.EventTypes.Where(t => t.CalComId == DiscoveryCall)
            .SelectMany(t => t.Hosts.Where(h => !h.Mandatory).Select(h => h.Host)).OrderBy(h => h.CalComUserId).Take(3).ToListAsync();
        Assert.Equal(3, hosts.Count);
        var bookings = await db.Bookings.Where(b => b.EventType != null && b.EventType.CalComId == DiscoveryCall).OrderBy(b => b.StartUtc).Take(12).ToListAsync();
        Assert.True(bookings.Count >= 4, "The sandbox's import brought too few Discovery Call bookings");
        var sources = Enum.GetValues<ReassignmentSource>();
        var now = CalAdmin.Tests.TestClock.UtcNow;
        for (var i = 0; i < 12; i++)
        {
            var at = now.AddDays(-3 * i).AddHours(-1);
            db.Reassignments.Add(new Reassignment
            {
                BookingId = bookings[i % bookings.Count].Id, FromHostId = hosts[i % 3].Id, ToHostId = hosts[(i + 1) % 3].Id,
                Reason = $"Seeded change {i}", Source = sources[i % sources.Length], ByUser = i % 3 == 1 ? "office@e2e.local" : null,
                At = at, RecordedAt = at,
            });
        }
        var calComIdB = hosts[1].CalComUserId.ToString();
        await db.StaffMappings.Where(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == calComIdB).ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        (hostA, hostACalComName, seeded) = (hosts[0].Id, hosts[0].DisplayName, 12);
    }

    private async Task<IPage> SignedInPageAsync(string role, string path)
    {
        var (email, password) = await host.CreateUserAsync(role);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await page.WaitForCircuitAsync();
        return page;
    }

    [Fact]
    public async Task A_manager_filters_by_host_downloads_that_hosts_rows_and_sees_another_browsers_reassignment_live()
    {
        var manager = await SignedInPageAsync(Roles.Manager, "/reassignments");
        var rows = manager.Locator("tr.reassignment-row");
        await Assertions.Expect(rows).ToHaveCountAsync(seeded);

        // 1. Filter by host A through the filter bar.
        string label;
        await using (var scope = host.Services.CreateAsyncScope())
            label = (await scope.ServiceProvider.GetRequiredService<ReassignmentQuery>().ChoicesAsync()).Hosts.Single(h => h.Id == hostA).Label;
        await manager.ClickAsync("[data-testid='host-filter']");
        await manager.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(label)}\\s*$") }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(8);
        Assert.Contains($"host={hostA}", manager.Url);

        // 2. Download the CSV of this view: exactly host A's eight rows.
        var download = await manager.RunAndWaitForDownloadAsync(() => manager.ClickAsync("[data-testid='download-csv']"));
        Assert.Matches(@"^reassignments-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var csv = Csv.Read(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal(ReassignmentExport.Header, csv[0].Fields);
        var data = csv.Skip(1).ToList();
        Assert.Equal(8, data.Count);
        Assert.All(data, r => Assert.True(r.Fields[4] == hostACalComName || r.Fields[6] == hostACalComName, string.Join(",", r.Fields)));
        Assert.Equal(Enumerable.Range(0, 12).Where(i => i % 3 != 1).Select(i => $"Seeded change {i}"), data.Select(r => r.Fields[8]));

        // 3. Back to every row; mark the page so a reload would show.
        await manager.ClickAsync("[data-testid='clear-filters']");
        await Assertions.Expect(rows).ToHaveCountAsync(seeded);
        await manager.EvaluateAsync("() => window.__sameDocument = true");

        // 4. A staff user in another browser reassigns a new round-robin booking through its details page.
        var uid = await NewDiscoveryBookingAsync();
        var staff = await SignedInPageAsync(Roles.Staff, $"/bookings/{uid}");
        await staff.ClickAsync("[data-testid='action-reassign']");
        await staff.Locator("[data-testid='reassign-host'][data-free='true']").First.ClickAsync();
        await staff.Locator("input[data-testid='reason-input'], [data-testid='reason-input'] input").First.FillAsync("E2E: host called in sick");
        await staff.ClickAsync("[data-testid='reassign-confirm']");

        // 5. The manager's open page shows it, without reloading.
        var live = rows.Filter(new() { HasText = "E2E: host called in sick" });
        await Assertions.Expect(live).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Assertions.Expect(live.Locator("[data-testid='source']")).ToHaveTextAsync("CalAdmin");
        Assert.True(await manager.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        // The change's notices fade after a few seconds; the screenshot is of the page, not of them.
        await Assertions.Expect(manager.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await manager.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("reassignments-history"), FullPage = true });

        // The fairness report and the manager's home page, for the record.
        await manager.ClickAsync("[data-testid='tab-fairness']");
        await manager.WaitForURLAsync("**/reassignments/fairness");
        await Assertions.Expect(manager.Locator("[data-testid='weekly-chart'] svg")).ToBeVisibleAsync();
        await manager.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("reassignments-fairness"), FullPage = true });
        await manager.ClickAsync(".mud-nav-link:has-text('Home')");
        await Assertions.Expect(manager.Locator("[data-testid='manager-overview']")).ToBeVisibleAsync();
        await manager.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("home-manager"), FullPage = true });
    }

    /// <summary>Books the sandbox's round-robin Discovery Call through CalAdmin's client and waits for its webhook to be delivered.</summary>
    private async Task<string> NewDiscoveryBookingAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var calCom = scope.ServiceProvider.GetRequiredService<CalComClient>();
        var now = CalAdmin.Tests.TestClock.Now;
        var slots = await calCom.GetSlotsAsync(DiscoveryCall, now.AddDays(1), now.AddDays(8), "UTC");
        var slot = slots.SelectMany(d => d.Value).OrderBy(s => s.Start).First();
        var booking = await calCom.CreateBookingAsync(new CreateBookingRequest(slot.Start, new CreateBookingAttendee("Rosa Reassign", "UTC", "rosa@example.com"), EventTypeId: DiscoveryCall));

        // The details page follows the mirror live, so the delivery having been accepted is enough to go on.
        var sandbox = host.Services.GetRequiredService<EmbeddedSandbox>().Server!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await sandbox.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == "BOOKING_CREATED" && d.Body.Contains(booking.Uid), timeout.Token);
        Assert.Equal(200, delivery.StatusCode);
        return booking.Uid;
    }
}
