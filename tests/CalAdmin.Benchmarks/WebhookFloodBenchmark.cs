using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 17's flood, measured (<c>webhooks --flood</c>): signed deliveries paced as Cal.com sends them, alone and then
/// beside 40 clients posting forged 200 KB deliveries as fast as they can; prints the signed deliveries' ack p50/p95 for
/// each. Loopback only, bounded in time. Every sender names its address in <c>X-Forwarded-For</c> (loopback is a
/// trusted proxy, as nginx on the same machine is); the last run puts the flood on Cal.com's own address.
/// </summary>
public static class WebhookFloodBenchmark
{
    private const string CalComAddress = "198.51.100.7";
    private const int Attackers = 40, PerSecond = 50, Seconds = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var workDir = Directory.CreateTempSubdirectory("caladmin-bench-flood-").FullName;
        Console.WriteLine($"Webhook flood benchmark on {Environment.ProcessorCount} cores; signed deliveries paced at {PerSecond}/s for {Seconds} s per run; work dir {workDir}");
        var environment = new Dictionary<string, string>
        {
            ["CalCom__WebhookSecrets__0"] = SignedDelivery.Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = "bench@caladmin.local",
            ["CalAdmin__Bootstrap__AdminPassword"] = "Bench-Passw0rd",
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        foreach (var extra in args.Where(a => a.Contains('=')))
            environment[extra[..extra.IndexOf('=')]] = extra[(extra.IndexOf('=') + 1)..];

        await using var dashboard = await ServerProcess.StartDashboardAsync(workDir, environment);
        using var calcom = Client(dashboard.BaseAddress, 25);
        await PacedAsync(calcom, "warm", 10);

        var quiet = await PacedAsync(calcom, "quiet", Seconds);
        var (flooded, flood) = await WithFloodAsync(dashboard.BaseAddress, i => $"203.0.113.{i % 250 + 1}", () => PacedAsync(calcom, "flood", Seconds));
        var (shared, sharedFlood) = await WithFloodAsync(dashboard.BaseAddress, _ => CalComAddress, () => PacedAsync(calcom, "shared", Seconds));
        var health = await calcom.GetStringAsync("/health");
        // Again without a flood: the first quiet run may share the machine with the sandbox's first import.
        var quietAfter = await PacedAsync(calcom, "after", Seconds);

        Console.WriteLine();
        Console.WriteLine("| run | signed deliveries: ack latency | signed non-2xx | forged posts/s | forged answers |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| no flood | {Measure.Summary(quiet.Latencies)} | {quiet.Failures} | – | – |");
        Console.WriteLine($"| {Attackers} clients, forged 200 KB, own addresses | {Measure.Summary(flooded.Latencies)} | {flooded.Failures} | {flood.Rate,6:0} | {flood.Answers} |");
        Console.WriteLine($"| {Attackers} clients, forged 200 KB, Cal.com's address | {Measure.Summary(shared.Latencies)} | {shared.Failures} | {sharedFlood.Rate,6:0} | {sharedFlood.Answers} |");
        Console.WriteLine($"| no flood, after the floods | {Measure.Summary(quietAfter.Latencies)} | {quietAfter.Failures} | – | – |");
        Console.WriteLine();
        Console.WriteLine($"/health right after the floods: {health}");
        return 0;
    }

    private sealed record Paced(IReadOnlyList<double> Latencies, int Failures);

    private sealed record Flood(double Rate, string Answers);

    private static HttpClient Client(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseAddress };

    /// <summary>Signed deliveries from Cal.com's address at <see cref="PerSecond"/>, each timed to its acknowledgement.</summary>
    private static async Task<Paced> PacedAsync(HttpClient http, string name, int seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var tasks = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < PerSecond * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PerSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var body = WebhookBenchmark.Delivery($"{name}-{i}-{Guid.NewGuid():N}");
            tasks.Add(Task.Run(async () =>
            {
                using var request = SignedDelivery.Request(new Uri(http.BaseAddress!, WebhookEndpoint.Path), body);
                request.Headers.Add("X-Forwarded-For", CalComAddress);
                var sent = Stopwatch.StartNew();
                try
                {
                    using var response = await http.SendAsync(request);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failures); }
                latencies.Add(sent.Elapsed.TotalMilliseconds);
            }));
        }
        await Task.WhenAll(tasks);
        return new Paced(latencies.ToList(), failures);
    }

    /// <summary>Runs <paramref name="measured"/> while <see cref="Attackers"/> clients post forged 200 KB deliveries back to back.</summary>
    private static async Task<(Paced Signed, Flood Flood)> WithFloodAsync(Uri baseAddress, Func<int, string> addressOf, Func<Task<Paced>> measured)
    {
        var body = Encoding.UTF8.GetBytes("{\"triggerEvent\":\"BOOKING_CANCELLED\",\"pad\":\"" + new string('x', 200 * 1024) + "\"}");
        var answers = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var attackers = Enumerable.Range(0, Attackers).Select(i => Task.Run(async () =>
        {
            using var http = Client(baseAddress, 1);
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(WebhookSignature.Header, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + new string('0', 32));
                request.Headers.Add("X-Forwarded-For", addressOf(i));
                string answer;
                try
                {
                    using var response = await http.SendAsync(request, stop.Token);
                    answer = ((int)response.StatusCode).ToString();
                }
                catch (OperationCanceledException) { break; }
                catch (HttpRequestException) { answer = "dropped"; }
                answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
            }
        })).ToList();

        var signed = await measured();
        await stop.CancelAsync();
        await Task.WhenAll(attackers);
        var total = answers.Values.Sum();
        return (signed, new Flood(total / clock.Elapsed.TotalSeconds, string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))));
    }
}
