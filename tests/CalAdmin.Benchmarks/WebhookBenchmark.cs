using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 4's figures: signed real-shaped deliveries from 25 concurrent senders against the real dashboard on SQLite
/// (deliveries/s, time to the 2xx), the same against a baseline that only verifies and inserts, a paced 100/s run,
/// and the time from a POST to the change on 20 open Chromium pages.
/// </summary>
public static class WebhookBenchmark
{
    private const string Secret = SignedDelivery.Secret;
    private const string AdminEmail = "bench@caladmin.local";
    private const string AdminPassword = "Bench-Passw0rd";
    private const int Senders = 25;

    public static async Task<int> RunAsync(string[] args)
    {
        // `webhooks --flood`: the signed deliveries' ack latency with and without a forged flood beside them (issue 17).
        if (args.Contains("--flood")) return await WebhookFloodBenchmark.RunAsync([.. args.Where(a => a != "--flood")]);
        var saturation = args.Length > 0 ? int.Parse(args[0]) : 4000;
        var workDir = Directory.CreateTempSubdirectory("caladmin-bench-webhooks-").FullName;
        Console.WriteLine($"Webhook benchmark on {Environment.ProcessorCount} cores; {Senders} concurrent senders; work dir {workDir}");
        Console.WriteLine("Dashboard: its own process, SQLite file (WAL), console log level Warning (the file log keeps every request).");

        var environment = new Dictionary<string, string>
        {
            ["CalCom__WebhookSecrets__0"] = Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = AdminEmail,
            ["CalAdmin__Bootstrap__AdminPassword"] = AdminPassword,
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        foreach (var extra in args.Skip(1).Where(a => a.Contains('=')))
            environment[extra[..extra.IndexOf('=')]] = extra[(extra.IndexOf('=') + 1)..];

        await using (var dashboard = await ServerProcess.StartInstrumentedDashboardAsync(workDir, environment))
        {
            using var http = Client(dashboard.BaseAddress);
            // Warm-up: a full saturation pass through each endpoint first, so both are measured with the JIT's
            // optimized (tier-1) code; 200 deliveries left the dashboard's path still partly on tier-0 code while the
            // baseline, measured later, was fully optimized.
            await SaturateAsync(http, "warm", saturation / 2);
            await SaturateAsync(http, "warmbase", saturation / 2, InstrumentedDashboard.BaselinePath);
            if (!environment.TryGetValue("CalAdmin__Webhooks__ApplyDeliveries", out var applyWarm) || applyWarm != "false")
                await WaitAppliedAsync(Path.Combine(workDir, "caladmin.db"), DateTime.UtcNow.AddMinutes(-10));

            var full = await SaturateAsync(http, "dashboard", saturation);
            var applying = !environment.TryGetValue("CalAdmin__Webhooks__ApplyDeliveries", out var apply) || apply != "false";
            var applied = applying ? await WaitAppliedAsync(Path.Combine(workDir, "caladmin.db"), full.Started) : (Count: 0, Elapsed: TimeSpan.FromSeconds(1));
            var paced = await PacedAsync(http, "dashboard", perSecond: 100, seconds: 15);
            // The baseline endpoint in the same host and pipeline: verify and insert only (nothing to apply).
            var hostBase = await SaturateAsync(http, "hostbase", saturation, InstrumentedDashboard.BaselinePath);
            var hostBasePaced = await PacedAsync(http, "hostbase", perSecond: 100, seconds: 15, InstrumentedDashboard.BaselinePath);

            await using var baseline = await ServerProcess.StartBaselineAsync(Path.Combine(workDir, "baseline.db"), Secret);
            using var baseHttp = Client(baseline.BaseAddress);
            await SendAllAsync(baseHttp, Enumerable.Range(0, 200).Select(i => Delivery($"bwarm-{i}")).ToList());
            var baseFull = await SaturateAsync(baseHttp, "baseline", saturation);
            var basePaced = await PacedAsync(baseHttp, "baseline", perSecond: 100, seconds: 15);

            Console.WriteLine();
            Console.WriteLine("| run | deliveries/s | ack latency |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| dashboard, {Senders} senders, {saturation} deliveries | {full.Rate,8:0} | {Measure.Summary(full.Latencies)} |");
            Console.WriteLine($"| baseline endpoint in the same host (verify + insert), same load | {hostBase.Rate,8:0} | {Measure.Summary(hostBase.Latencies)} |");
            Console.WriteLine($"| minimal separate receiver (verify + insert, slim host, raw SQLite) | {baseFull.Rate,8:0} | {Measure.Summary(baseFull.Latencies)} |");
            Console.WriteLine($"| dashboard paced at 100/s for 15 s | {paced.Rate,8:0} | {Measure.Summary(paced.Latencies)} |");
            Console.WriteLine($"| same-host baseline paced at 100/s for 15 s | {hostBasePaced.Rate,8:0} | {Measure.Summary(hostBasePaced.Latencies)} |");
            Console.WriteLine($"| minimal receiver paced at 100/s for 15 s | {basePaced.Rate,8:0} | {Measure.Summary(basePaced.Latencies)} |");
            Console.WriteLine();
            Console.WriteLine($"Dashboard rate / same-host baseline rate: {full.Rate / hostBase.Rate:0.00} (target ≥ 0.5); / minimal receiver: {full.Rate / baseFull.Rate:0.00}.");
            Console.WriteLine("Targets: sustained ≥ 300/s; paced p95 ≤ 50 ms.");
            Console.WriteLine($"Applied to booking rows: all {applied.Count} deliveries within {applied.Elapsed.TotalSeconds:0.0} s of the first send ({applied.Count / applied.Elapsed.TotalSeconds:0} applied/s).");
            if (full.Failures + paced.Failures + baseFull.Failures + basePaced.Failures > 0)
                Console.WriteLine($"Non-2xx answers: dashboard {full.Failures + paced.Failures}, baseline {baseFull.Failures + basePaced.Failures}");

            Console.WriteLine();
            if (applying) await ScreenAsync(dashboard.BaseAddress, http);
        }
        return 0;
    }

    private sealed record RunResult(double Rate, IReadOnlyList<double> Latencies, int Failures, DateTime Started);

    private static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = Senders, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseAddress };

    private static async Task<RunResult> SaturateAsync(HttpClient http, string name, int count, string path = WebhookEndpoint.Path)
    {
        var bodies = Enumerable.Range(0, count).Select(i => Delivery($"{name}-sat-{i}")).ToList();
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (latencies, failures) = await SendAllAsync(http, bodies, path);
        return new RunResult(count / clock.Elapsed.TotalSeconds, latencies, failures, started);
    }

    private static async Task<(List<double> Latencies, int Failures)> SendAllAsync(HttpClient http, IReadOnlyList<string> bodies, string path = WebhookEndpoint.Path)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (body, ct) =>
        {
            var (ms, ok) = await PostAsync(http, body, path);
            latencies.Add(ms);
            if (!ok) Interlocked.Increment(ref failures);
        });
        return (latencies.ToList(), failures);
    }

    private static async Task<RunResult> PacedAsync(HttpClient http, string name, int perSecond, int seconds, string path = WebhookEndpoint.Path)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var tasks = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = perSecond * seconds;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var body = Delivery($"{name}-paced-{i}");
            tasks.Add(Task.Run(async () =>
            {
                var (ms, ok) = await PostAsync(http, body, path);
                latencies.Add(ms);
                if (!ok) Interlocked.Increment(ref failures);
            }));
        }
        await Task.WhenAll(tasks);
        return new RunResult(total / clock.Elapsed.TotalSeconds, latencies.ToList(), failures, DateTime.UtcNow);
    }

    private static async Task<(double Ms, bool Ok)> PostAsync(HttpClient http, string body, string path = WebhookEndpoint.Path)
    {
        using var request = SignedDelivery.Request(new Uri(http.BaseAddress!, path), body);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        return (clock.Elapsed.TotalMilliseconds, response.IsSuccessStatusCode);
    }

    /// <summary>Waits until the applier has handled every stored delivery; returns how many and how long after the first send.</summary>
    private static async Task<(int Count, TimeSpan Elapsed)> WaitAppliedAsync(string database, DateTime started)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        while (true)
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM WebhookDeliveries WHERE Outcome = 'Pending'";
            if ((long)(await command.ExecuteScalarAsync())! == 0) break;
            await Task.Delay(20);
        }
        var last = connection.CreateCommand();
        // The deliveries received since the run started (not the warm-up's), and when the last of them was applied.
        last.CommandText = "SELECT COUNT(*), MAX(ProcessedAt) FROM WebhookDeliveries WHERE ReceivedAt >= $started";
        last.Parameters.AddWithValue("$started", started);
        await using var reader = await last.ExecuteReaderAsync();
        await reader.ReadAsync();
        var processed = DateTime.SpecifyKind(DateTime.Parse(reader.GetString(1)), DateTimeKind.Utc);
        return (reader.GetInt32(0), processed - started);
    }

    internal static string Delivery(string uid, string trigger = "BOOKING_CREATED", DateTime? start = null)
    {
        var at = start ?? DateTime.UtcNow.AddDays(3);
        var host = 900 + Math.Abs(uid.GetHashCode() % 10);
        return new JsonObject
        {
            ["triggerEvent"] = trigger,
            ["createdAt"] = DateTime.UtcNow.ToString("O"),
            ["payload"] = new JsonObject
            {
                ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = "Consultation between Host and Guest", ["type"] = "consultation",
                ["eventTypeId"] = 2001, ["startTime"] = at.ToString("O"), ["endTime"] = at.AddMinutes(30).ToString("O"), ["status"] = trigger == "BOOKING_CANCELLED" ? "CANCELLED" : "ACCEPTED",
                ["location"] = "integrations:daily", ["additionalNotes"] = "Benchmark delivery",
                ["organizer"] = new JsonObject { ["id"] = host, ["name"] = $"Host {host}", ["email"] = $"host{host}@example.com", ["username"] = $"host{host}", ["timeZone"] = "Europe/Berlin" },
                ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest Person", ["email"] = $"guest-{uid}@example.com", ["timeZone"] = "America/New_York" }),
                ["responses"] = new JsonObject { ["name"] = new JsonObject { ["label"] = "your_name", ["value"] = "Guest Person" } },
            },
        }.ToJsonString();
    }

    /// <summary>20 signed-in pages on the home page; each POST adds a booking today, and every page's figure must change.</summary>
    private static async Task ScreenAsync(Uri baseAddress, HttpClient http)
    {
        const int pages = 20, iterations = 30;
        await using var signedIn = await BenchmarkBrowser.SignInAsync(baseAddress, AdminEmail, AdminPassword);
        var context = signedIn.Context;
        var first = signedIn.First;

        var open = new List<IPage> { first };
        for (var i = 1; i < pages; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseAddress.ToString());
            await page.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
            open.Add(page);
        }
        // Each page records, in the browser's clock (the same machine clock), when its figure changes.
        foreach (var page in open)
            await page.EvaluateAsync(@"() => {
                window.__changes = [];
                const target = document.querySelector(""[data-testid='bookings-today'] .figure-value"");
                new MutationObserver(() => window.__changes.push(Date.now())).observe(target, { childList: true, characterData: true, subtree: true });
            }");

        var latencies = new List<double>();
        var today = DateTime.UtcNow.Date.AddHours(12);
        for (var i = 0; i < iterations; i++)
        {
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var (_, ok) = await PostAsync(http, Delivery($"screen-{i}-{Guid.NewGuid():N}", start: today));
            if (!ok) throw new InvalidOperationException("The dashboard refused a screen delivery");
            foreach (var page in open)
            {
                await page.WaitForFunctionAsync($"() => window.__changes.length > {i}", null, new() { Timeout = 10_000 });
                var changed = await page.EvaluateAsync<double>($"() => window.__changes[{i}]");
                latencies.Add(changed - sent);
            }
        }
        Console.WriteLine($"| webhook-to-screen, {pages} open pages, {iterations} deliveries | {Measure.Summary(latencies)} | target p95 ≤ 250 ms |");
    }
}
