using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// Open bookings lists (rendered without a circuit, refreshed in place by their live island) update for the changes
/// that concern their view only, and a burst of changes ends with every list showing all of them.
/// </summary>
public sealed class LiveListTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

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

    private DateTime Now => host.Clock.GetUtcNow().UtcDateTime;

    private static string Delivery(string uid, string title, DateTime start, int organizer, string trigger = "BOOKING_CREATED", string status = "ACCEPTED") => new JsonObject
    {
        ["triggerEvent"] = trigger,
        ["createdAt"] = DateTime.UtcNow.ToString("O"),
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = title, ["startTime"] = start.ToString("O"),
            ["endTime"] = start.AddMinutes(30).ToString("O"), ["status"] = status, ["eventTypeId"] = 2001,
            ["organizer"] = new JsonObject { ["id"] = organizer, ["name"] = $"Host {organizer}", ["email"] = $"host{organizer}@example.com" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest", ["email"] = $"{uid}@example.com", ["timeZone"] = "UTC" }),
        },
    }.ToJsonString();

    private async Task PostAsync(string body) => Assert.True((await host.PostWebhookAsync(body)).IsSuccessStatusCode);

    private async Task<int> HostIdAsync(int calComUserId)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        while (true)
        {
            if (await db.Hosts.Where(h => h.CalComUserId == calComUserId).Select(h => (int?)h.Id).FirstOrDefaultAsync() is { } id) return id;
            await Task.Yield();
        }
    }

    /// <summary>The last patch each list was sent, as its circuit's frame carried it.</summary>
    private readonly ConcurrentDictionary<IPage, string> patchesSent = new();

    /// <summary>
    /// A signed-in list in its own browser context (another person's browser), counting its refreshes: the patches its
    /// island's circuit sends it (the calls to calAdmin.patchBookings in the circuit's frames) and any fetch of the page.
    /// </summary>
    private async Task<(IPage Page, Func<int> Refreshes)> OpenListAsync(string url)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        await page.SignInAsync(host.BaseAddress, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        var patches = 0;
        var patch = System.Text.Encoding.UTF8.GetBytes("calAdmin.patchBookings");
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            var text = frame.Text ?? (frame.Binary is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "");
            if (!text.Contains("calAdmin.patchBookings")) return;
            Interlocked.Increment(ref patches);
            patchesSent[page] = text;
        };
        await page.GotoAsync(new Uri(host.BaseAddress, url).ToString());
        await page.Locator("[data-live='on']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var fetches = new ConcurrentBag<string>();
        page.Request += (_, request) => { if (request.Method == "GET" && new Uri(request.Url).AbsolutePath == "/bookings") fetches.Add(request.Url); };
        return (page, () => Volatile.Read(ref patches) + fetches.Count);
    }

    [Fact]
    public async Task A_filtered_list_shows_a_matching_new_booking_and_does_not_reload_for_another_hosts()
    {
        await PostAsync(Delivery("seed-a", "Seed A", Now.AddDays(2), organizer: 301));
        await PostAsync(Delivery("seed-b", "Seed B", Now.AddDays(2), organizer: 302));
        var (hostA, hostB) = (await HostIdAsync(301), await HostIdAsync(302));
        var (listA, refreshesA) = await OpenListAsync($"/bookings?host={hostA}");
        var (listB, refreshesB) = await OpenListAsync($"/bookings?host={hostB}");
        await Assertions.Expect(listA.Locator("a.booking-title", new() { HasText = "Seed A" })).ToBeVisibleAsync();

        await PostAsync(Delivery("new-a", "New for A", Now.AddDays(1), organizer: 301));

        await Assertions.Expect(listA.Locator("a.booking-title", new() { HasText = "New for A" })).ToBeVisibleAsync(new() { Timeout = 5000 });
        // Then one for B: list B shows it, which proves it was listening all along; A's change had cost it nothing.
        await PostAsync(Delivery("new-b", "New for B", Now.AddDays(1), organizer: 302));
        await Assertions.Expect(listB.Locator("a.booking-title", new() { HasText = "New for B" })).ToBeVisibleAsync(new() { Timeout = 5000 });
        Assert.Equal(1, refreshesB());
        Assert.Equal(1, refreshesA());
        await Assertions.Expect(listA.Locator("a.booking-title", new() { HasText = "New for B" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_patched_list_keeps_focus_on_its_row_and_shows_what_the_page_shows_when_loaded_afresh()
    {
        await PostAsync(Delivery("keep-1", "Keep first", Now.AddDays(2), organizer: 305));
        await PostAsync(Delivery("keep-2", "Keep second", Now.AddDays(3), organizer: 305));
        var (list, refreshes) = await OpenListAsync($"/bookings?host={await HostIdAsync(305)}");
        var second = list.Locator("a.booking-title", new() { HasText = "Keep second" });
        await Assertions.Expect(list.Locator("a.booking-title")).ToHaveCountAsync(2);
        await second.FocusAsync();

        // A booking that comes first: the rows below it move down, and the one in focus stays in focus.
        await PostAsync(Delivery("keep-0", "Keep new first", Now.AddDays(1), organizer: 305));

        await Assertions.Expect(list.Locator("a.booking-title").First).ToHaveTextAsync("Keep new first", new() { Timeout = 5000 });
        Assert.Equal("Keep second", await list.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal(1, refreshes());
        Assert.Equal("1–3 of 3", (await list.Locator("[data-testid='page-info']").InnerTextAsync()).Trim());

        // The next patch sends only what the page lacks: the new row's markup, the others by their link.
        await PostAsync(Delivery("keep-00", "Keep newest first", Now.AddHours(20), organizer: 305));

        await Assertions.Expect(list.Locator("a.booking-title").First).ToHaveTextAsync("Keep newest first", new() { Timeout = 5000 });
        Assert.Equal("Keep second", await list.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal(2, refreshes());
        Assert.Equal("1–4 of 4", (await list.Locator("[data-testid='page-info']").InnerTextAsync()).Trim());
        Assert.Contains("Keep newest first", patchesSent[list]);
        Assert.DoesNotContain("Keep second", patchesSent[list]);
        Assert.Contains("bookings/keep-2", patchesSent[list]);

        // The first row cancelled: it leaves the upcoming list, and the row in focus moves up with focus kept.
        await PostAsync(Delivery("keep-00", "Keep newest first", Now.AddHours(20), organizer: 305, trigger: "BOOKING_CANCELLED", status: "CANCELLED"));

        await Assertions.Expect(list.Locator("a.booking-title").First).ToHaveTextAsync("Keep new first", new() { Timeout = 5000 });
        Assert.Equal("Keep second", await list.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal(3, refreshes());
        var fresh = await list.Context.NewPageAsync();
        await fresh.GotoAsync(list.Url);
        Assert.Equal(await fresh.Locator("[data-testid='bookings-view']").InnerHTMLAsync() is var html ? Normalized(html) : "",
            Normalized(await list.Locator("[data-testid='bookings-view']").InnerHTMLAsync()));
    }

    /// <summary>A grid's markup without the ids MudChip draws afresh each time.</summary>
    private static string Normalized(string html) => System.Text.RegularExpressions.Regex.Replace(html, "chip-container-[0-9a-f-]+", "chip-container");

    [Fact]
    public async Task A_list_whose_patch_fails_fetches_itself_whole_and_stays_live()
    {
        var (list, _) = await OpenListAsync("/bookings");
        // A script error in the page's patch (whatever its cause) must not leave the list stale or its island dead.
        await list.EvaluateAsync("() => { window.calAdmin.patchBookings = () => { throw new Error('broken patch'); }; }");

        await PostAsync(Delivery("broken-1", "After a broken patch", Now.AddDays(1), organizer: 306));
        await Assertions.Expect(list.Locator("a.booking-title", new() { HasText = "After a broken patch" })).ToBeVisibleAsync(new() { Timeout = 5000 });
        await PostAsync(Delivery("broken-2", "And the one after", Now.AddDays(1).AddHours(1), organizer: 306));
        await Assertions.Expect(list.Locator("a.booking-title", new() { HasText = "And the one after" })).ToBeVisibleAsync(new() { Timeout = 5000 });
    }

    [Fact]
    public async Task The_time_zone_suggestions_load_once_when_the_field_takes_focus_and_stay_through_live_refreshes()
    {
        var (list, refreshes) = await OpenListAsync("/bookings");
        var zoneFetches = 0;
        list.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == "/time-zones") Interlocked.Increment(ref zoneFetches); };
        var zones = list.Locator("#time-zone-ids option");
        // Not in the page: the live refresh re-renders it on every change.
        await Assertions.Expect(zones).ToHaveCountAsync(0);

        await list.FocusAsync("[data-testid='time-zone']");

        await Assertions.Expect(list.Locator("#time-zone-ids option[value='Europe/Berlin']")).ToHaveCountAsync(1);
        var count = await zones.CountAsync();
        Assert.True(count > 300, $"{count} zones");

        await PostAsync(Delivery("zones-live", "Live beside the zones", Now.AddDays(1), organizer: 304));
        await Assertions.Expect(list.Locator("a.booking-title", new() { HasText = "Live beside the zones" })).ToBeVisibleAsync(new() { Timeout = 5000 });
        Assert.Equal(1, refreshes());
        // The refreshed page kept the filled list, and a second focus asks for nothing.
        Assert.Equal(count, await zones.CountAsync());
        await list.FocusAsync("[data-testid='search']");
        await list.FocusAsync("[data-testid='time-zone']");
        Assert.Equal(count, await zones.CountAsync());
        Assert.Equal(1, zoneFetches);
    }

    [Fact]
    public async Task A_burst_of_20_deliveries_ends_with_every_list_showing_all_of_them_in_a_few_refreshes()
    {
        var lists = new List<(IPage Page, Func<int> Refreshes)>();
        for (var i = 0; i < 3; i++) lists.Add(await OpenListAsync("/bookings"));
        var titles = Enumerable.Range(1, 20).Select(i => $"Burst {i:00}").ToList();

        await Task.WhenAll(titles.Select((title, i) => PostAsync(Delivery($"burst-{i}", title, Now.AddHours(2).AddMinutes(i), organizer: 303))));

        foreach (var (page, refreshes) in lists)
        {
            foreach (var title in titles)
                await Assertions.Expect(page.Locator("a.booking-title", new() { HasText = title })).ToBeVisibleAsync(new() { Timeout = 10_000 });
            Assert.InRange(refreshes(), 1, 5);
        }
    }
}
