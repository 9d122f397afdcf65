using System.Diagnostics;
using System.Text.Json.Nodes;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Playwright;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 8's figure: two dashboard processes on one SQLite file and one Redis (Debian's redis-server, started here);
/// 20 signed-in Chromium pages on server B; each signed delivery goes to server A, and the time from its POST to the
/// change on every page of B is measured (in the browser's clock, the same machine clock).
/// </summary>
public static class CrossServerBenchmark
{
    private const string Secret = SignedDelivery.Secret;
    private const string AdminEmail = "bench@caladmin.local";
    private const string AdminPassword = "Bench-Passw0rd";
    private const int Pages = 20;
    private const int Warmup = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0]) : 30;
        var workDir = Directory.CreateTempSubdirectory("caladmin-bench-cross-").FullName;
        Console.WriteLine($"Cross-server webhook-to-screen on {Environment.ProcessorCount} cores; work dir {workDir}");
        Console.WriteLine("Two dashboard processes (Release), one SQLite file (WAL), one redis-server on loopback; webhooks to A, pages on B.");

        await using var redis = await RedisServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(workDir, "caladmin.db")}",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["CalAdmin__ChangeFeed__SigningKey"] = "benchmark-change-feed-signing-key-0123456789",
            ["CalCom__WebhookSecrets__0"] = Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = AdminEmail,
            ["CalAdmin__Bootstrap__AdminPassword"] = AdminPassword,
            ["CalAdmin__Jobs__RunServer"] = "false",
            ["CalCom__Sandbox__BookingCount"] = "0",
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        // One after the other: the first creates the database, the second finds it ready.
        await using var serverA = await ServerProcess.StartDashboardAsync(Directory.CreateDirectory(Path.Combine(workDir, "a")).FullName, environment);
        await using var serverB = await ServerProcess.StartDashboardAsync(Directory.CreateDirectory(Path.Combine(workDir, "b")).FullName, environment);
        using var http = new HttpClient();
        await WaitSharedAsync(http, serverA.BaseAddress);
        await WaitSharedAsync(http, serverB.BaseAddress);

        // Signed in on A; the cookie is for 127.0.0.1, so the same browser context is signed in on B too.
        await using var signedIn = await BenchmarkBrowser.SignInAsync(serverA.BaseAddress, AdminEmail, AdminPassword);
        var open = new List<IPage>();
        for (var i = 0; i < Pages; i++)
        {
            var page = await signedIn.Context.NewPageAsync();
            await page.GotoAsync(serverB.BaseAddress.ToString());
            await page.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
            open.Add(page);
        }
        foreach (var page in open)
            await page.EvaluateAsync(@"() => {
                window.__changes = [];
                const target = document.querySelector(""[data-testid='bookings-today'] .figure-value"");
                new MutationObserver(() => window.__changes.push(Date.now())).observe(target, { childList: true, characterData: true, subtree: true });
            }");

        var latencies = new List<double>();
        var acks = new List<double>();
        var today = DateTime.UtcNow.Date.AddHours(12);
        // The first deliveries are not counted: they pay for the JIT of the whole path on both servers.
        for (var i = 0; i < Warmup + iterations; i++)
        {
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var ack = await PostAsync(http, serverA.BaseAddress, Delivery($"cross-{i}-{Guid.NewGuid():N}", today));
            foreach (var page in open)
            {
                await page.WaitForFunctionAsync($"() => window.__changes.length > {i}", null, new() { Timeout = 10_000 });
                var changed = await page.EvaluateAsync<double>($"() => window.__changes[{i}]");
                if (i >= Warmup) latencies.Add(changed - sent);
            }
            if (i >= Warmup) acks.Add(ack);
        }

        Console.WriteLine();
        Console.WriteLine($"Load average while measuring (other work on this machine counts too): {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| run | figures | target |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| webhook to A, ack | {Measure.Summary(acks)} | |");
        Console.WriteLine($"| webhook to A → change on {Pages} open pages on B, {iterations} deliveries | {Measure.Summary(latencies)} | p95 ≤ 500 ms |");
        return 0;
    }

    /// <summary>Polls /health until the server's change feed has made its Redis round trip.</summary>
    private static async Task WaitSharedAsync(HttpClient http, Uri server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var body = await http.GetStringAsync(new Uri(server, "/health"));
            if (JsonNode.Parse(body)?["checks"]?["change-feed"]?.GetValue<string>() == "Healthy") return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{server} never shared its change feed through Redis");
    }

    private static async Task<double> PostAsync(HttpClient http, Uri server, string body)
    {
        using var request = SignedDelivery.Request(new Uri(server, WebhookEndpoint.Path), body);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Server A refused a delivery: {(int)response.StatusCode}");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Delivery(string uid, DateTime start) => new JsonObject
    {
        ["triggerEvent"] = "BOOKING_CREATED",
        ["createdAt"] = DateTime.UtcNow.ToString("O"),
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = "Consultation", ["eventTypeId"] = 2001,
            ["startTime"] = start.ToString("O"), ["endTime"] = start.AddMinutes(30).ToString("O"), ["status"] = "ACCEPTED",
            ["organizer"] = new JsonObject { ["id"] = 901, ["name"] = "Host 901", ["email"] = "host901@example.com", ["timeZone"] = "Europe/Berlin" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest Person", ["email"] = $"guest-{uid}@example.com", ["timeZone"] = "America/New_York" }),
        },
    }.ToJsonString();
}
