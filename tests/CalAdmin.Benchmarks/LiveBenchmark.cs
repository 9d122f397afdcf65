using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 16's live figures, per page type (<c>/bookings</c>, <c>/calendar</c>, a booking's page), each with 20 signed-in
/// Chromium pages on its own: the time from the POST of a signed delivery to its change on every page (browser clock,
/// same machine); the re-renders a change that does not concern the pages causes (another host, another week); the
/// re-renders a burst of 20 deliveries costs each page, and whether every page ends on the last state. With --memory:
/// the live managed heap per open page (after a full GC) over 100 pages of /bookings, /calendar, / and a booking's page.
/// </summary>
public static class LiveBenchmark
{
    private const string AdminEmail = "bench@caladmin.local";
    private const string AdminPassword = "Bench-Passw0rd";
    private const string OtherHostName = "Host Other";

    public static async Task<int> RunAsync(string[] args)
    {
        var pages = IntArg(args, "--pages", 20);
        var iterations = IntArg(args, "--iterations", 20);
        var warmup = IntArg(args, "--warmup", 30);
        var memoryPages = IntArg(args, "--memory-pages", 100);
        var workDir = Directory.CreateTempSubdirectory("caladmin-bench-live-").FullName;
        Console.WriteLine($"Live benchmark on {Environment.ProcessorCount} cores; {pages} pages per page type; work dir {workDir}");
        var environment = new Dictionary<string, string>
        {
            ["CalCom__WebhookSecrets__0"] = SignedDelivery.Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = AdminEmail,
            ["CalAdmin__Bootstrap__AdminPassword"] = AdminPassword,
            ["CalCom__Sandbox__BookingCount"] = "0",
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        await using var dashboard = await ServerProcess.StartInstrumentedDashboardAsync(workDir, environment);
        using var http = new HttpClient { BaseAddress = dashboard.BaseAddress };
        var database = Path.Combine(workDir, "caladmin.db");
        var tomorrow = DateTime.UtcNow.Date.AddDays(1);

        // A few bookings to draw, one of another host (for the filtered list), and the booking whose page is measured.
        for (var i = 0; i < 30; i++) await PostAsync(http, Delivery($"seed-{i}", $"Seed {i}", tomorrow.AddHours(6).AddMinutes(17 * i)));
        await PostAsync(http, Delivery("other-host", "Other host's", tomorrow.AddHours(8), hostId: 999, hostName: OtherHostName));
        await PostAsync(http, Delivery("detail", "Detail 0", tomorrow.AddHours(9)));
        await WaitAppliedAsync(database);
        var otherHost = await ScalarAsync(database, $"SELECT Id FROM Hosts WHERE CalComUserId = 999");

        await using var signedIn = await BenchmarkBrowser.SignInAsync(dashboard.BaseAddress, AdminEmail, AdminPassword);
        Console.WriteLine();
        Console.WriteLine("| figure | measured | target |");
        Console.WriteLine("|---|---|---|");
        var rows = new Rows();
        // --memory-only-page / (repeatable: measure only these page types, e.g. "/", "/calendar"); --hold: keep each page
        // type's pages open until Enter (a heap dump: dotnet-gcdump collect -p <pid>); --warm: open and close two pages of
        // the type before the heap is first read, so the process's one-time costs of that page (JIT, compiled queries, DI
        // resolvers, JSON metadata, component type caches) are not divided among the measured pages.
        var only = args.Select((a, i) => a == "--memory-only-page" && i + 1 < args.Length ? args[i + 1] : null).OfType<string>().ToList();
        if (args.Contains("--memory")) await MemoryAsync(dashboard, signedIn.Context, memoryPages, tomorrow, rows, only, args.Contains("--hold"), args.Contains("--warm"));
        else
        {
            // The page that signed in is the home page, which refreshes for every booking change: closed, so that each
            // page type is measured on its own (the context keeps the sign-in).
            await signedIn.First.CloseAsync();
            var week = $"/calendar?view=week&date={tomorrow:yyyy-MM-dd}";
            var otherWeek = $"/calendar?view=week&date={tomorrow.AddDays(21):yyyy-MM-dd}";
            // Each new booking starts earlier than the last (all after now), so it is the first row of the upcoming list.
            var soonest = DateTime.UtcNow.AddHours(3);
            DateTime Soon(int i) => soonest.AddSeconds(-10 * i);
            var run = 0;
            // The calendar's warm-up bookings go on another day of the measured week (Monday to Sunday), so the measured
            // day's slots stay as free as without a warm-up (a crowded hour folds its bookings into an overflow).
            var warmDay = tomorrow.DayOfWeek == DayOfWeek.Sunday ? tomorrow.AddDays(-1) : tomorrow.AddDays(1);
            // --only NAME (repeatable: measure only these page types' webhook-to-screen, e.g. "/bookings"); --timeline: also
            // print where a /bookings page's time goes (the POST's answer, POST to the patch, the patch's script, one page's
            // main thread by Chromium's counters).
            var onlyLive = args.Select((a, i) => a == "--only" && i + 1 < args.Length ? args[i + 1] : null).OfType<string>().ToList();
            foreach (var (name, url, ready) in new[] { ("/bookings", "/bookings", "[data-live='on']"), ("/calendar", week, ".mud-layout[data-interactive='true']"), ("/bookings/{uid}", "/bookings/detail", ".mud-layout[data-interactive='true']") })
            {
                if (onlyLive.Count > 0 && !onlyLive.Contains(name)) continue;
                var open = await OpenAsync(signedIn.Context, dashboard.BaseAddress, url, ready, pages);
                // One delivery the page type shows (the i-th on the calendar's day), and per page the time until it shows.
                Task<List<double>> DeliverAsync(string title, int i, DateTime calendarDay, Timeline? timeline)
                {
                    var body = name == "/bookings/{uid}" ? Delivery("detail", title, tomorrow.AddHours(9))
                        : name == "/calendar" ? Delivery($"live-{run}", title, calendarDay.AddHours(6).AddMinutes(29 * i))
                        : Delivery($"live-{run}", title, Soon(run));
                    return ToScreenAsync(http, open, body, title, name == "/calendar" ? $"live-{run}" : null, timeline,
                        // The list's row, not the island's notice above it (which names the booking too, and shows first).
                        name == "/bookings" ? "[data-testid='bookings-grid']" : "main");
                }
                // Unmeasured deliveries first: a server that has run for a while has compiled its code to the JIT's
                // last tier, which a fresh one spends its first minute or so doing (more CPU than the pages' work).
                for (var i = 0; i < warmup; i++) await DeliverAsync($"Warm {++run}", i, warmDay, null);
                var latencies = new List<double>();
                var timeline = args.Contains("--timeline") && name == "/bookings" ? new Timeline() : null;
                // With --timeline: where one page's main thread spends its time (Chromium's own counters, over the deliveries).
                ICDPSession? cdp = null;
                Dictionary<string, double>? before = null;
                if (timeline is not null)
                {
                    cdp = await signedIn.Context.NewCDPSessionAsync(open[^1]);
                    await cdp.SendAsync("Performance.enable");
                    before = await MetricsAsync(cdp);
                }
                var cpu = CpuSplit.Start(dashboard.ProcessId);
                for (var i = 0; i < iterations; i++) latencies.AddRange(await DeliverAsync($"Live {++run}", i, tomorrow, timeline));
                rows.Add($"| webhook-to-screen, {name}, {pages} pages, {iterations} deliveries one after another{(warmup > 0 ? $" (after {warmup} unmeasured)" : "")} | {Measure.Summary(latencies)} | p95 ≤ 250 ms |");
                if (timeline is not null) foreach (var row in timeline.Rows(name, pages)) rows.Add(row);
                if (cdp is not null && before is not null)
                {
                    var after = await MetricsAsync(cdp);
                    string PerDelivery(string metric) => $"{(after[metric] - before[metric]) * 1000 / iterations:0.0} ms";
                    rows.Add($"| {name}: one page's main thread per delivery (Chromium's counters) | tasks {PerDelivery("TaskDuration")}: script {PerDelivery("ScriptDuration")}, style {PerDelivery("RecalcStyleDuration")}, layout {PerDelivery("LayoutDuration")} | — |");
                }
                rows.Add($"| CPU per delivery, {name}, {pages} pages (of the machine's {Environment.ProcessorCount} cores) | {cpu.PerDelivery(iterations)} | — |");
                await CloseAsync(open);
            }
            if (onlyLive.Count > 0) return 0;

            // Pages a change does not concern: a list filtered to another host, a calendar on another week.
            foreach (var (name, url, ready) in new[] { ("/bookings filtered to another host", $"/bookings?host={otherHost}", "[data-live='on']"), ("/calendar on another week", otherWeek, ".mud-layout[data-interactive='true']") })
            {
                var open = await OpenAsync(signedIn.Context, dashboard.BaseAddress, url, ready, pages);
                await ObserveAsync(open);
                for (var i = 0; i < iterations; i++) await PostAsync(http, Delivery($"unconcerned-{++run}", $"Unconcerned {run}", Soon(run)));
                await WaitAppliedAsync(database);
                // The last delivery's notice has reached every circuit well within this (a concerned page shows it in < 1 s).
                await Task.Delay(2000);
                var renders = await RendersAsync(open);
                rows.Add($"| {name}: {iterations} deliveries that do not concern it | {renders.Sum()} re-renders over {pages} pages | 0 |");
                await CloseAsync(open);
            }

            // A burst: 20 deliveries at once; each page must end showing all of them, in few re-renders.
            var list = await OpenAsync(signedIn.Context, dashboard.BaseAddress, "/bookings", "[data-live='on']", pages);
            await ObserveAsync(list);
            var titles = Enumerable.Range(0, 20).Select(i => $"Burst {++run}").ToList();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(titles.Select((t, i) => PostAsync(http, Delivery($"burst-{run}-{i}", t, Soon(run + i + 1)))));
            foreach (var page in list)
                await page.WaitForFunctionAsync($"() => {System.Text.Json.JsonSerializer.Serialize(titles)}.every(t => document.querySelector('main').textContent.includes(t))", null, new() { Timeout = 30_000 });
            var settled = clock.Elapsed;
            await Task.Delay(2000);
            var burst = await RendersAsync(list);
            rows.Add($"| burst of 20 deliveries, {pages} /bookings pages | every page shows all 20 after {settled.TotalMilliseconds:0} ms; re-renders per page: max {burst.Max()}, mean {burst.Average():0.0} | a few, never one per change |");
            await CloseAsync(list);
        }

        return 0;
    }

    /// <summary>Each figure is printed as soon as it is measured, so a later failure keeps the earlier ones.</summary>
    private sealed class Rows
    {
        public void Add(string row) => Console.WriteLine(row);
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

    private static async Task<List<IPage>> OpenAsync(IBrowserContext context, Uri baseAddress, string url, string ready, int count)
    {
        var open = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(baseAddress, url).ToString());
            await page.Locator(ready).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            open.Add(page);
        }
        return open;
    }

    private static async Task CloseAsync(List<IPage> open)
    {
        foreach (var page in open) await page.CloseAsync();
    }

    /// <summary>
    /// POSTs one delivery and returns, per page, the time until its text shows within scope (or, with a uid, a link to the
    /// booking: the calendar draws a booking by its time, event type and attendee, not its title).
    /// </summary>
    private static async Task<List<double>> ToScreenAsync(HttpClient http, List<IPage> open, string body, string text, string? uid = null, Timeline? timeline = null, string scope = "main")
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(text);
        var link = System.Text.Json.JsonSerializer.Serialize(uid is null ? "" : $"main a[href$='bookings/{uid}']");
        var within = System.Text.Json.JsonSerializer.Serialize(scope);
        foreach (var page in open)
            await page.EvaluateAsync($@"() => {{
                window.__shown = 0;
                const seen = () => {{ if (!window.__shown && (document.querySelector({within})?.textContent.includes({quoted}) || ({link} && document.querySelector({link})))) window.__shown = Date.now(); }};
                window.__observer?.disconnect();
                window.__observer = new MutationObserver(seen);
                window.__observer.observe(document.body, {{ childList: true, characterData: true, subtree: true }});
                window.__patches = [];
                if (window.calAdmin && !window.__patchWrapped) {{
                    window.__patchWrapped = true;
                    const patch = window.calAdmin.patchBookings;
                    window.calAdmin.patchBookings = (...args) => {{
                        const record = {{ start: Date.now(), t0: performance.now() }};
                        window.__patches.push(record);
                        try {{ return patch(...args); }} finally {{ record.took = performance.now() - record.t0; }}
                    }};
                }}
            }}");
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PostAsync(http, body);
        timeline?.Posted(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - sent);
        var latencies = new List<double>();
        foreach (var page in open)
        {
            // Polled, not on every animation frame: the pages' times come from their observers, and a wait that ran a
            // script on every frame would take CPU from the pages it measures.
            await page.WaitForFunctionAsync("() => window.__shown > 0", null, new() { Timeout = 30_000, PollingInterval = 50 });
            latencies.Add(await page.EvaluateAsync<double>("() => window.__shown") - sent);
            if (timeline is not null)
            {
                // The page's last fetch of itself (the enhanced refresh), in the browser's clock like __shown.
                var patch = await page.EvaluateAsync<double[]?>(@"() => {
                    const p = window.__patches[0];
                    return p && p.took !== undefined ? [p.start, p.took, window.__patches.length] : null;
                }");
                if (patch is { Length: 3 }) timeline.Add(sent, patch[0], patch[1], await page.EvaluateAsync<double>("() => window.__shown"), (int)patch[2]);
            }
        }
        return latencies;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics");
        return metrics.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    /// <summary>Counts the page's DOM updates from now on (one per patch: Blazor applies a render in one task).</summary>
    private static async Task ObserveAsync(List<IPage> open)
    {
        foreach (var page in open)
            await page.EvaluateAsync(@"() => {
                window.__renders = 0;
                window.__observer?.disconnect();
                window.__observer = new MutationObserver(() => window.__renders++);
                window.__observer.observe(document.querySelector('main'), { childList: true, characterData: true, subtree: true });
            }");
    }

    private static async Task<List<int>> RendersAsync(List<IPage> open)
    {
        var counts = new List<int>();
        foreach (var page in open) counts.Add(await page.EvaluateAsync<int>("() => window.__renders"));
        return counts;
    }

    private static async Task MemoryAsync(ServerProcess dashboard, IBrowserContext context, int count, DateTime tomorrow, Rows rows,
        IReadOnlyList<string> only, bool hold, bool warm)
    {
        foreach (var (url, ready) in new[] { ("/bookings", "[data-live='on']"), ($"/calendar?view=week&date={tomorrow:yyyy-MM-dd}", ".mud-layout[data-interactive='true']"), ("/", ".mud-layout[data-interactive='true']"), ("/bookings/detail", ".mud-layout[data-interactive='true']") })
        {
            if (only.Count > 0 && !only.Contains(url.Split('?')[0].Replace("/bookings/detail", "/bookings/{uid}"))) continue;
            if (warm)
            {
                await CloseAsync(await OpenAsync(context, dashboard.BaseAddress, url, ready, 2));
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            var before = await HeapAsync(dashboard);
            var open = await OpenAsync(context, dashboard.BaseAddress, url, ready, count);
            // Let the pages' first renders and JS round trips settle before the heap is read.
            await Task.Delay(TimeSpan.FromSeconds(10));
            var after = await HeapAsync(dashboard);
            var perPage = (after - before) / (double)count / 1024;
            var target = url.StartsWith("/bookings/detail") ? "reported" : "≤ 500 KB";
            rows.Add($"| memory per open {url.Split('?')[0]} page ({count} pages{(warm ? ", after two warm-up pages" : "")}): live managed heap after full GC | {perPage:0} KB | {target} |");
            if (hold)
            {
                Console.WriteLine($"Holding {count} {url} pages open on dashboard process {dashboard.ProcessId}; press Enter to close them.");
                Console.ReadLine();
            }
            await CloseAsync(open);
            // Closed circuits are kept for a while as disconnected ones; measure the next page type from a settled heap.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task<long> HeapAsync(ServerProcess dashboard)
    {
        using var http = new HttpClient { BaseAddress = dashboard.BaseAddress };
        var json = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(InstrumentedDashboard.MemoryPath);
        return json.GetProperty("managedHeapBytes").GetInt64();
    }

    private static async Task PostAsync(HttpClient http, string body)
    {
        using var request = SignedDelivery.Request(new Uri(http.BaseAddress!, WebhookEndpoint.Path), body);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The dashboard answered {(int)response.StatusCode} to a delivery");
    }

    private static async Task WaitAppliedAsync(string database)
    {
        while (await ScalarAsync(database, "SELECT COUNT(*) FROM WebhookDeliveries WHERE Outcome = 'Pending'") > 0) await Task.Delay(20);
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static string Delivery(string uid, string title, DateTime start, int hostId = 900, string hostName = "Host Main") => new JsonObject
    {
        ["triggerEvent"] = "BOOKING_CREATED",
        ["createdAt"] = DateTime.UtcNow.ToString("O"),
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = title, ["type"] = "consultation",
            ["eventTypeId"] = 2001, ["startTime"] = start.ToString("O"), ["endTime"] = start.AddMinutes(25).ToString("O"), ["status"] = "ACCEPTED",
            ["organizer"] = new JsonObject { ["id"] = hostId, ["name"] = hostName, ["email"] = $"host{hostId}@example.com", ["username"] = $"host{hostId}", ["timeZone"] = "UTC" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest Person", ["email"] = $"guest-{uid}@example.com", ["timeZone"] = "UTC" }),
        },
    }.ToJsonString();
}

/// <summary>Where a /bookings page's webhook-to-screen time goes, per page and delivery (browser clock).</summary>
internal sealed class Timeline
{
    private readonly List<double> posted = [], toPatch = [], patching = [], toShown = [], patches = [];

    public void Posted(double ms) => posted.Add(ms);

    public void Add(double sent, double patchStart, double took, double shown, int count)
    {
        toPatch.Add(patchStart - sent);
        patching.Add(took);
        toShown.Add(shown - patchStart);
        patches.Add(count);
    }

    public IEnumerable<string> Rows(string name, int pages)
    {
        if (toPatch.Count == 0) yield break;
        yield return $"| {name}, {pages} pages: the POST's answer | {Measure.Summary(posted)} | — |";
        yield return $"| {name}, {pages} pages: POST to the page's patch | {Measure.Summary(toPatch)} | — |";
        yield return $"| {name}, {pages} pages: the patch's script (parse and morph) | {Measure.Summary(patching)} | — |";
        yield return $"| {name}, {pages} pages: patch start to the row seen | {Measure.Summary(toShown)} | — |";
        yield return $"| {name}, {pages} pages: patches per page and delivery | mean {patches.Average():0.00}, max {patches.Max()} | — |";
    }
}

/// <summary>
/// Where a delivery's CPU goes: the dashboard process against the browser's processes (Chromium's renderers patch the
/// pages). Linux only (process CPU times from /proc); includes the benchmark's own waits on the pages.
/// </summary>
internal sealed class CpuSplit
{
    private readonly int server;
    private readonly TimeSpan serverStart, browserStart;

    private CpuSplit(int server)
    {
        this.server = server;
        (serverStart, browserStart) = (ServerCpu(), BrowserCpu());
    }

    public static CpuSplit Start(int serverProcessId) => new(serverProcessId);

    public string PerDelivery(int deliveries)
    {
        var serverMs = (ServerCpu() - serverStart).TotalMilliseconds / deliveries;
        var browserMs = (BrowserCpu() - browserStart).TotalMilliseconds / deliveries;
        return $"dashboard {serverMs:0} ms, Chromium {browserMs:0} ms";
    }

    private TimeSpan ServerCpu()
    {
        using var process = Process.GetProcessById(server);
        return process.TotalProcessorTime;
    }

    private static TimeSpan BrowserCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var process in Process.GetProcesses())
            using (process)
            {
                try
                {
                    if (process.ProcessName.StartsWith("chrom", StringComparison.Ordinal) || process.ProcessName.StartsWith("headless", StringComparison.Ordinal))
                        total += process.TotalProcessorTime;
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Ended meanwhile.
                }
            }
        return total;
    }
}
