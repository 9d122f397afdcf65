using CalAdmin.Benchmarks;

// Each benchmark prints its figures; none of them is a test (README, "Benchmarks").
var benchmarks = new Dictionary<string, (string About, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["sync"] = ("Cal.com team sync of 1,000 and 5,000 members from the sandbox (issue 5)", SyncBenchmark.RunAsync),
    ["webhooks"] = ("deliveries/s and ack latency vs a baseline; webhook-to-screen with 20 Chromium pages (issue 4); --flood: signed ack p50/p95 beside a forged flood (issue 17)", WebhookBenchmark.RunAsync),
    ["bookings"] = ("100,000 bookings: first page of each tab and filter, a 2,000-booking calendar week, memory per /bookings circuit (issue 6)", BookingsBenchmark.RunAsync),
    ["crash"] = ("10,000 signed deliveries over 2,000 lifecycles, 25 senders, SIGKILL twice: exactly once, drain time; then beside a forged flood (issue 17); --quick: 1,000", CrashBenchmark.RunAsync),
    ["insights"] = ("1,000,000 bookings (or the number given): the /insights page's queries for a 90-day period, p95 (issue 20)", InsightsBenchmark.RunAsync),
    ["live"] = ("webhook-to-screen on /bookings, /calendar and a booking's page with 20 pages each, unconcerned pages, a burst of 20; --memory: heap per page over 100 pages (issue 16)", LiveBenchmark.RunAsync),
    ["crossserver"] = ("webhook to server A → change on 20 Chromium pages on server B, through Redis (issue 8)", CrossServerBenchmark.RunAsync),
    // Internal: the processes the benchmarks start: the baseline receiver, and the dashboard with its measuring endpoints.
    ["baseline-server"] = ("(internal) the webhooks benchmark's baseline receiver", a => BaselineServer.RunAsync(a[0], a[1])),
    ["dashboard"] = ("(internal) the dashboard hosted with the benchmarks' measuring endpoints", _ => InstrumentedDashboard.RunAsync()),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.WriteLine("Usage: dotnet run -c Release --project tests/CalAdmin.Benchmarks -- <benchmark> [options]");
    foreach (var (name, (about, _)) in benchmarks) Console.WriteLine($"  {name,-16} {about}");
    return args.Length == 0 ? 0 : 2;
}
return await benchmark.Run(args[1..]);
