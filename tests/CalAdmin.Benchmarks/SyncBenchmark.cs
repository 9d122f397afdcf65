using System.Diagnostics;
using CalAdmin.Sandbox;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 5's sync benchmark: the real sync services (client, rate gate, retry pipeline, SQLite on a temp file) against
/// the sandbox over loopback HTTP. For each team size: a first sync into an empty mirror, then an unchanged second run
/// that must write nothing. Requests are counted where they leave the rate gate; the time outside rate-limit waits is
/// the run's wall time minus the time its requests queued at the gate.
/// </summary>
public static class SyncBenchmark
{
    private sealed record Scenario(string Name, int Members, int SandboxLimit, int ClientLimit);

    private sealed record Row(string Scenario, int Members, string Run, SyncOutcome Outcome);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        Scenario[] scenarios = quick
            ? [new("unthrottled", 1_000, 1_000_000, 10_000)]
            :
            [
                new("unthrottled", 1_000, 1_000_000, 10_000),
                new("unthrottled", 5_000, 1_000_000, 10_000),
                new("Cal.com limit (120/min, CalAdmin 100/min)", 1_000, 120, 100),
                new("Cal.com limit (120/min, CalAdmin 100/min)", 5_000, 120, 100),
            ];

        Console.WriteLine("CalAdmin sync benchmark: sandbox over loopback HTTP (same process), SQLite on a temp file, Release build.");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Membership pages of {TeamRoster.PageSize}, each after the first overlapping the previous by one member.");
        Console.WriteLine();

        var rows = new List<Row>();
        var failed = false;
        foreach (var scenario in scenarios)
        {
            Console.Error.WriteLine($"… {scenario.Name}, {scenario.Members:N0} members");
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            {
                TeamSize = scenario.Members, BookingCount = 0, WebhookDeliveryEnabled = false, RateLimitPerMinute = scenario.SandboxLimit,
            });
            await using var host = await BenchHost.StartAsync(sandbox, scenario.ClientLimit);
            foreach (var run in new[] { "first", "unchanged" })
            {
                var outcome = await host.Sync.RunAsync(SyncTrigger.Manual);
                if (!outcome.Run.Succeeded)
                {
                    Console.Error.WriteLine($"  {run} run failed: {outcome.Run.Error}");
                    failed = true;
                }
                rows.Add(new Row(scenario.Name, scenario.Members, run, outcome));
            }
        }

        Print(rows);
        var unchangedWrote = rows.Where(r => r.Run == "unchanged").Any(r => r.Outcome.Run.RowsWritten != 0);
        var mismatch = rows.Any(r => r.Outcome.Run.RequestsMade != r.Outcome.MembershipPages + r.Outcome.EventTypeCalls);
        Console.WriteLine();
        Console.WriteLine($"Requests made = membership pages + event-type calls in every run: {(mismatch ? "NO" : "yes")}.");
        Console.WriteLine($"Unchanged second runs wrote nothing: {(unchangedWrote ? "NO" : "yes")}.");
        return failed || mismatch || unchangedWrote ? 1 : 0;
    }

    private static void Print(List<Row> rows)
    {
        string[] headers = ["Scenario", "Members", "Run", "Pages", "ET calls", "Expected req", "Requests", "Match", "Total ms", "Rate-wait ms", "Outside waits ms", "Fetch ms", "Apply ms", "Added", "Updated", "Mapped", "Rows written"];
        var cells = rows.Select(r =>
        {
            var o = r.Outcome;
            var expected = o.MembershipPages + o.EventTypeCalls;
            return new[]
            {
                r.Scenario, r.Members.ToString("N0"), r.Run, o.MembershipPages.ToString(), o.EventTypeCalls.ToString(), expected.ToString(), o.Run.RequestsMade.ToString(),
                o.Run.RequestsMade == expected ? "yes" : "NO", Ms(o.Total), Ms(o.GateWait), Ms(o.OutsideRateLimitWaits), Ms(o.Fetch), Ms(o.Apply),
                o.Run.Added.ToString("N0"), o.Run.Updated.ToString("N0"), o.Run.AutoMapped.ToString("N0"), o.Run.RowsWritten.ToString("N0"),
            };
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length))).ToArray();
        string Line(IReadOnlyList<string> values) => "| " + string.Join(" | ", values.Select((v, i) => i <= 2 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))) + " |";
        Console.WriteLine(Line(headers));
        Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => i <= 2 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var c in cells) Console.WriteLine(Line(c));
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0");

    /// <summary>The sync's real registrations on a temp SQLite file, pointed at the sandbox.</summary>
    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly ServiceProvider services;
        private readonly string directory;

        private BenchHost(ServiceProvider services, string directory) => (this.services, this.directory) = (services, directory);

        public TeamSync Sync => services.GetRequiredService<TeamSync>();

        public static async Task<BenchHost> StartAsync(SandboxServer sandbox, int requestsPerMinute)
        {
            var directory = Directory.CreateTempSubdirectory("caladmin-bench-").FullName;
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CalCom:Mode"] = "Live",
                ["CalCom:BaseUrl"] = sandbox.BaseAddress.ToString(),
                ["CalCom:ApiKey"] = sandbox.ApiKey,
                ["CalCom:TeamId"] = sandbox.State.Team.Id.ToString(),
                ["CalCom:RequestsPerMinute"] = requestsPerMinute.ToString(),
                ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "caladmin.db")}",
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<IConfiguration>(config);
            services.AddOptions<CalAdminOptions>();
            services.AddSingleton(DataSetup.BuildOptions(config, directory));
            services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory>();
            services.AddSingleton<WriteGate>();
            services.AddSingleton<IChangeFeed, InProcessChangeFeed>();
            services.AddCalCom(config);
            services.AddStaff().AddHosts().AddAudit();
            services.AddSync(config);
            var provider = services.BuildServiceProvider();
            await using (var db = provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            return new BenchHost(provider, directory);
        }

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
