using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// Two real CalAdmin processes on two loopback ports, as two servers behind a load balancer: one SQLite file, one
/// Redis (Debian's redis-server, started here), each its own home folder (so nothing but the database can share their
/// sign-in keys). Server A receives the webhooks; Chromium watches pages on both.
/// </summary>
public sealed class CrossServerTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Secret = "cross-server-webhook-secret-0123456789";
    private const string AdminEmail = "admin@cross.local";
    private const string AdminPassword = "Cross-Passw0rd";

    private readonly string workDir = Directory.CreateTempSubdirectory("caladmin-cross-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private RedisServer redis = null!;
    private DashboardProcess serverA = null!;
    private DashboardProcess serverB = null!;

    private string Database => Path.Combine(workDir, "shared", "caladmin.db");

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        // One after the other: the first applies the migrations and creates the admin, the second finds them done.
        serverA = await StartServerAsync("a");
        serverB = await StartServerAsync("b");
        await WaitForFeedAsync(serverA, "Healthy");
        await WaitForFeedAsync(serverB, "Healthy");
    }

    private Task<DashboardProcess> StartServerAsync(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, name)).FullName;
        return DashboardProcess.StartAsync(dir, new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(Path.Combine(dir, "home")).FullName,
            ["ConnectionStrings__Sqlite"] = $"Data Source={Database}",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["CalAdmin__ChangeFeed__SigningKey"] = "e2e-change-feed-signing-key-0123456789abcdef",
            ["CalCom__WebhookSecrets__0"] = Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = AdminEmail,
            ["CalAdmin__Bootstrap__AdminPassword"] = AdminPassword,
            // On SQLite Hangfire keeps its jobs in each process's memory: no jobs here, the bookings come by webhook only.
            ["CalAdmin__Jobs__RunServer"] = "false",
            ["CalCom__Sandbox__BookingCount"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        if (serverB is not null) await serverB.DisposeAsync();
        if (serverA is not null) await serverA.DisposeAsync();
        if (redis is not null) await redis.DisposeAsync();
        http.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_webhook_on_one_server_refreshes_pages_on_the_other_and_a_Redis_outage_only_pauses_that()
    {
        // Signed in on A; the same cookie opens B (the key that signed it is in the shared database).
        var contextA = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        var pageA = await contextA.NewPageAsync();
        await pageA.SignInAsync(serverA.BaseAddress, AdminEmail, AdminPassword);
        var contextB = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 } });
        var cookies = await contextA.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "CalAdmin.Auth");
        await contextB.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = serverB.BaseAddress.ToString() }));
        var pageB = await contextB.NewPageAsync();
        await pageB.GotoAsync(new Uri(serverB.BaseAddress, "/bookings").ToString());
        await pageB.WaitForCircuitAsync();
        Assert.DoesNotContain("/Account/Login", pageB.Url);
        await Assertions.Expect(pageB.Locator("[data-testid='bookings-grid']")).ToBeVisibleAsync();
        await pageA.GotoAsync(new Uri(serverA.BaseAddress, "/bookings").ToString());
        await pageA.WaitForCircuitAsync();

        // A webhook to A: the page open on B shows the booking, then its cancellation, without a reload.
        var start = DateTime.UtcNow.Date.AddDays(2).AddHours(10);
        await PostAsync(serverA, Delivery("BOOKING_CREATED", "cross-1", start, "ACCEPTED"));
        await Assertions.Expect(Row(pageB, "cross-1")).ToBeVisibleAsync(new() { Timeout = 5000 });
        await PostAsync(serverA, Delivery("BOOKING_CANCELLED", "cross-1", start, "CANCELLED"));
        await Assertions.Expect(Row(pageB, "cross-1")).ToHaveCountAsync(0, new() { Timeout = 5000 });

        // Redis goes down: A still takes and applies webhooks and refreshes its own pages; B cannot hear them.
        await redis.StopAsync();
        await WaitForFeedAsync(serverA, "Degraded");
        await WaitForFeedAsync(serverB, "Degraded");
        await PostAsync(serverA, Delivery("BOOKING_CREATED", "cross-2", start.AddHours(1), "ACCEPTED"));
        await Assertions.Expect(Row(pageA, "cross-2")).ToBeVisibleAsync(new() { Timeout = 5000 });
        Assert.Equal("Accepted", await StatusInDatabaseAsync("cross-2"));
        Assert.Equal(0, await Row(pageB, "cross-2").CountAsync());

        // Redis is back: B's page catches up on what it missed, and A's next webhook reaches B again.
        await redis.StartAgainAsync();
        await WaitForFeedAsync(serverA, "Healthy");
        await WaitForFeedAsync(serverB, "Healthy");
        await Assertions.Expect(Row(pageB, "cross-2")).ToBeVisibleAsync(new() { Timeout = 5000 });
        await PostAsync(serverA, Delivery("BOOKING_CANCELLED", "cross-2", start.AddHours(1), "CANCELLED"));
        await Assertions.Expect(Row(pageB, "cross-2")).ToHaveCountAsync(0, new() { Timeout = 5000 });
        Assert.Equal("Cancelled", await StatusInDatabaseAsync("cross-2"));
        await pageB.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("cross-server-b"), FullPage = true });
    }

    [Fact]
    public async Task The_Settings_page_of_the_other_server_shows_the_outage_and_the_way_back()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.SignInAsync(serverB.BaseAddress, AdminEmail, AdminPassword);
        await page.GotoAsync(new Uri(serverB.BaseAddress, "/admin/settings").ToString());
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToContainTextAsync($"Shared through Redis at 127.0.0.1:{redis.Port}");

        await redis.StopAsync();

        await Assertions.Expect(page.Locator("[data-testid='feed-warning']")).ToContainTextAsync("Redis is unreachable", new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("settings-redis-outage"), FullPage = true });
        await redis.StartAgainAsync();
        await Assertions.Expect(page.Locator("[data-testid='feed-warning']")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid='feed-state']")).ToContainTextAsync("Shared through Redis");
    }

    private static ILocator Row(IPage page, string uid) => page.Locator($"[data-testid='bookings-grid'] a[href*='{uid}']");

    /// <summary>Polls the server's /health (what a load balancer sees) until the change feed reports <paramref name="expected"/>.</summary>
    private async Task WaitForFeedAsync(DashboardProcess server, string expected)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? last = null;
        while (!limit.IsCancellationRequested)
        {
            var response = await http.GetAsync(new Uri(server.BaseAddress, "/health"), limit.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(limit.Token));
            last = health.RootElement.GetProperty("checks").GetProperty("change-feed").GetString();
            if (last == expected) return;
            await Task.Delay(100, limit.Token);
        }
        Assert.Fail($"{server.BaseAddress} never reported its change feed {expected} (last: {last})");
    }

    private async Task PostAsync(DashboardProcess server, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, WebhookEndpoint.Path)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(bytes, Secret));
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string?> StatusInDatabaseAsync(string uid)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT Status FROM Bookings WHERE Uid = $uid";
        command.Parameters.AddWithValue("$uid", uid);
        return (string?)await command.ExecuteScalarAsync();
    }

    private static string Delivery(string trigger, string uid, DateTime start, string status) => new JsonObject
    {
        ["triggerEvent"] = trigger,
        ["createdAt"] = DateTime.UtcNow.ToString("O"),
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = $"Cross-server call {uid}",
            ["startTime"] = start.ToString("O"), ["endTime"] = start.AddMinutes(30).ToString("O"), ["status"] = status, ["eventTypeId"] = 2001,
            ["organizer"] = new JsonObject { ["id"] = 101, ["name"] = "Ada Host", ["email"] = "ada@example.com", ["timeZone"] = "UTC" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest", ["email"] = "guest@example.com", ["timeZone"] = "UTC" }),
        },
    }.ToJsonString();
}
