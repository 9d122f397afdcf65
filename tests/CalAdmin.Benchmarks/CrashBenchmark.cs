using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Data.Sqlite;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 17's crash and load (<c>crash [--quick]</c>): 10,000 signed deliveries over 2,000 booking lifecycles, sent at
/// full rate by 25 senders, while the dashboard process is killed (SIGKILL) twice and started again on the same SQLite
/// file. A sender whose post is refused (server down) or broken off (killed mid-request) sends it again once the
/// server is back, so every delivery is acknowledged in the end; one broken off after it was stored arrives twice and
/// must be stored and applied once. Then the same run beside a forged flood, for the signed deliveries' ack latency.
/// </summary>
public static class CrashBenchmark
{
    private const int Senders = 25, Attackers = 40;
    private const string CalComAddress = "198.51.100.7";

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var lifecycles = quick ? 200 : 2_000;
        Console.WriteLine($"Crash-and-load benchmark on {Environment.ProcessorCount} cores: {lifecycles * CrashLifecycles.StepsPerLifecycle:N0} signed deliveries " +
                          $"over {lifecycles:N0} lifecycles, {Senders} senders at full rate, SIGKILL twice");
        var plain = await RunOnceAsync("plain", lifecycles, flood: false);
        var flooded = await RunOnceAsync("flood", lifecycles, flood: true);

        Console.WriteLine();
        Console.WriteLine("| run | acknowledged | refused (down) | broken off | applied | stale (older, in-order) | duplicates stored once | rows = in-order result | drain after restart 1 / 2 | ack latency of acknowledged posts |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in new[] { plain, flooded })
            Console.WriteLine($"| {r.Name} | {r.Acknowledged:N0} | {r.Refused:N0} | {r.BrokenOff:N0} | {r.Applied:N0} | {r.Stale:N0} | {r.Duplicates:N0} | {(r.Mismatches == 0 ? "yes" : $"NO: {r.Mismatches} differ")} | " +
                              $"{string.Join(" / ", r.Drains.Select(d => $"{d.TotalMilliseconds:0} ms"))} | {Measure.Summary(r.Latencies)} |");
        if (flooded.FloodAnswers is { } answers) Console.WriteLine($"\nForged flood beside the second run: {answers}");
        return plain.Mismatches == 0 && flooded.Mismatches == 0 && plain.Missing == 0 && flooded.Missing == 0 ? 0 : 1;
    }

    private sealed record Result(string Name, int Acknowledged, int Refused, int BrokenOff, int Applied, int Stale, int Duplicates,
        int Missing, int Mismatches, IReadOnlyList<TimeSpan> Drains, IReadOnlyList<double> Latencies, string? FloodAnswers);

    private static async Task<Result> RunOnceAsync(string name, int lifecycles, bool flood)
    {
        var workDir = Directory.CreateTempSubdirectory($"caladmin-bench-crash-{name}-").FullName;
        var database = Path.Combine(workDir, "caladmin.db");
        var environment = new Dictionary<string, string>
        {
            ["CalCom__WebhookSecrets__0"] = SignedDelivery.Secret,
            ["CalAdmin__Bootstrap__AdminEmail"] = "bench@caladmin.local",
            ["CalAdmin__Bootstrap__AdminPassword"] = "Bench-Passw0rd",
            ["CalAdmin__Jobs__RunServer"] = "false",
            ["CalCom__Sandbox__BookingCount"] = "0",
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        var origin = DateTime.UtcNow;
        var deliveries = CrashLifecycles.Deliveries(name, lifecycles, origin);
        var total = deliveries.Count;
        Console.WriteLine($"\n[{name}] work dir {workDir}");

        var server = new Server(await ServerProcess.StartDashboardAsync(workDir, environment));
        var next = -1;
        int refused = 0, brokenOff = 0;
        var latencies = new ConcurrentBag<double>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Senders, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var clock = Stopwatch.StartNew();

        async Task SendAllAsync()
        {
            while (Interlocked.Increment(ref next) is var i && i < total)
            {
                var body = deliveries[i].Body;
                while (true)
                {
                    var (baseAddress, up) = server.Current;
                    await up;
                    using var request = SignedDelivery.Request(new Uri(baseAddress!, WebhookEndpoint.Path), body);
                    request.Headers.Add("X-Forwarded-For", CalComAddress);
                    var sent = Stopwatch.StartNew();
                    try
                    {
                        using var response = await http.SendAsync(request);
                        // The acknowledged post's own latency: the time a sender that got through waited.
                        if (response.IsSuccessStatusCode)
                        {
                            latencies.Add(sent.Elapsed.TotalMilliseconds);
                            break;
                        }
                        throw new InvalidOperationException($"Delivery {i} answered {(int)response.StatusCode}");
                    }
                    catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                    {
                        Interlocked.Increment(ref refused);
                        await server.WaitForRestartAsync(baseAddress!);
                    }
                    catch (HttpRequestException)
                    {
                        // Killed while this post was in flight: sent again, as a sender that saw no acknowledgement would.
                        Interlocked.Increment(ref brokenOff);
                        await server.WaitForRestartAsync(baseAddress!);
                    }
                }
            }
        }

        var (stopFlood, floodTask) = flood ? StartFlood(server) : (null, Task.FromResult<string?>(null));
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAllAsync)).ToList();
        var drains = new List<TimeSpan>();
        foreach (var at in new[] { 0.3, 0.65 })
        {
            while (Volatile.Read(ref next) < total * at) await Task.Delay(5);
            Console.WriteLine($"[{name}] SIGKILL at {Math.Min(Volatile.Read(ref next), total):N0} of {total:N0} handed out, {clock.Elapsed.TotalSeconds:0.0} s");
            await server.KillAsync();
            var pendingAtStart = await PendingIdsAsync(database);
            var restarted = await ServerProcess.StartDashboardAsync(workDir, environment);
            var readyAt = Stopwatch.StartNew();
            server.Restarted(restarted);
            // Drain, from the moment the restarted server says it runs: every delivery stored before the crash and not
            // applied then is applied (polling is fine here: this is a benchmark, not a test).
            while (await PendingCountAsync(database, pendingAtStart.MaxId) > 0) await Task.Delay(20);
            drains.Add(readyAt.Elapsed);
            Console.WriteLine($"[{name}] restarted; {pendingAtStart.Count:N0} stored but unapplied deliveries drained in {readyAt.Elapsed.TotalMilliseconds:0} ms");
        }
        await Task.WhenAll(senders);
        stopFlood?.Cancel();
        var floodAnswers = await floodTask;
        while (await PendingCountAsync(database, long.MaxValue) > 0) await Task.Delay(20);
        Console.WriteLine($"[{name}] all {total:N0} acknowledged after {clock.Elapsed.TotalSeconds:0.0} s");

        var (rows, applied, stale, duplicates) = await DeliveryFiguresAsync(database);
        var mismatches = await CompareAsync(database, CrashLifecycles.Expected(name, lifecycles, origin).ToList());
        await server.KillAsync();
        return new Result(name, latencies.Count, refused, brokenOff, applied, stale, duplicates, total - rows, mismatches, drains,
            latencies.ToList(), floodAnswers);
    }

    /// <summary>The dashboard's current address, and a task that completes while it is up.</summary>
    private sealed class Server(ServerProcess first)
    {
        private readonly Lock gate = new();
        private ServerProcess process = first;
        private TaskCompletionSource up = Completed();

        public (Uri? BaseAddress, Task Up) Current
        {
            get { lock (gate) return (process.BaseAddress, up.Task); }
        }

        public async Task KillAsync()
        {
            ServerProcess dying;
            lock (gate)
            {
                dying = process;
                up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            // ServerProcess.DisposeAsync kills the process tree: SIGKILL on Linux, no shutdown of any kind.
            await dying.DisposeAsync();
        }

        public void Restarted(ServerProcess restarted)
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                process = restarted;
                signal = up;
            }
            signal.TrySetResult();
        }

        /// <summary>Waits until the server answers at an address other than <paramref name="failedAt"/> (or is up again there).</summary>
        public async Task WaitForRestartAsync(Uri failedAt)
        {
            var (current, upTask) = Current;
            if (current != failedAt) return;
            // A refusal can come just before the kill is recorded: give KillAsync the moment it needs.
            var deadline = Stopwatch.StartNew();
            while (upTask.IsCompleted && Current.BaseAddress == failedAt && deadline.Elapsed < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(10);
                upTask = Current.Up;
            }
            await upTask;
        }

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }

    private static (CancellationTokenSource Stop, Task<string?> Answers) StartFlood(Server server)
    {
        var stop = new CancellationTokenSource();
        var body = Encoding.UTF8.GetBytes("{\"triggerEvent\":\"BOOKING_CANCELLED\",\"pad\":\"" + new string('x', 200 * 1024) + "\"}");
        var answers = new ConcurrentDictionary<string, int>();
        var attackers = Enumerable.Range(0, Attackers).Select(i => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            while (!stop.IsCancellationRequested)
            {
                var (baseAddress, up) = server.Current;
                try { await up.WaitAsync(stop.Token); } catch (OperationCanceledException) { break; }
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress!, WebhookEndpoint.Path)) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(WebhookSignature.Header, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + new string('0', 32));
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i % 250 + 1}");
                string answer;
                try
                {
                    using var response = await http.SendAsync(request, stop.Token);
                    answer = ((int)response.StatusCode).ToString();
                }
                catch (OperationCanceledException) { break; }
                catch (HttpRequestException) { answer = "refused or broken off"; }
                answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
            }
        })).ToList();
        return (stop, Task.WhenAll(attackers).ContinueWith(_ =>
            (string?)string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value:N0}")), TaskScheduler.Default));
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<(int Count, long MaxId)> PendingIdsAsync(string database)
    {
        await using var db = Open(database);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(MAX(Id), 0) FROM WebhookDeliveries WHERE Outcome = 'Pending'";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    private static async Task<long> PendingCountAsync(string database, long upToId)
    {
        await using var db = Open(database);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM WebhookDeliveries WHERE Outcome = 'Pending' AND Id <= $id";
        command.Parameters.AddWithValue("$id", upToId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(int Rows, int Applied, int Stale, int Duplicates)> DeliveryFiguresAsync(string database)
    {
        await using var db = Open(database);
        await using var command = db.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), SUM(Outcome = 'Applied'), SUM(Outcome = 'Stale'), COALESCE(SUM(DuplicateCount), 0)
            FROM WebhookDeliveries WHERE BookingUid LIKE 'crash-%'
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    /// <summary>How many expected booking rows are missing or differ (status, start, reschedule link); extra rows count too.</summary>
    private static async Task<int> CompareAsync(string database, List<ExpectedBooking> expected)
    {
        await using var db = Open(database);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT Uid, Status, StartUtc, RescheduledToUid FROM Bookings WHERE Uid LIKE 'crash-%'";
        var actual = new Dictionary<string, ExpectedBooking>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                actual[reader.GetString(0)] = new ExpectedBooking(reader.GetString(0), reader.GetString(1),
                    DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.IsDBNull(3) ? null : reader.GetString(3));
        var mismatches = 0;
        foreach (var e in expected)
        {
            if (actual.Remove(e.Uid, out var a) && a.Status == e.Status && a.RescheduledToUid == e.RescheduledToUid
                && Math.Abs((a.StartUtc - e.StartUtc).TotalSeconds) < 1) continue;
            if (++mismatches <= 5) Console.WriteLine($"  expected {e}, found {(a is null ? "no row" : a.ToString())}");
        }
        return mismatches + actual.Count;
    }
}
