using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components;
using System.Net.Http.Json;
using System.Diagnostics;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Calendar;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CalAdmin.Benchmarks;

/// <summary>
/// Issue 6's figures on a SQLite file with 100,000 bookings made by the real migrations: the first page of every tab
/// and filter through <see cref="BookingList"/> exactly as the bookings page calls it; a week of 2,000 live bookings
/// through <see cref="CalendarQuery"/> + <see cref="CalendarLayout"/> and drawn by the real dashboard in Chromium; and
/// the server's memory per open <c>/bookings</c> circuit over 100 Chromium pages.
/// </summary>
public static class BookingsBenchmark
{
    private const string AdminEmail = "bench@caladmin.local";
    private const string AdminPassword = "Bench-Passw0rd";
    private const int WeekBookings = 2_000, Hosts = 40, EventTypes = 10, MappedHosts = 30;
    private const int Runs = 30, WarmUp = 3, PageSize = 25, Circuits = 100;

    private static readonly List<string[]> Table = [];

    public static async Task<int> RunAsync(string[] args)
    {
        // Options: a number of circuits (default 100); --sizes N,N,… (bookings seeded, default 10,000, 100,000 and 1,000,000:
        // the list and calendar figures for each, the browser ones on the last); --no-browser (list and calendar server figures only);
        // --memory-only (only the circuits); --list-http-only (only /bookings over HTTP); --hold (keep the circuits open until Enter,
        // to inspect the dashboard); --keep (leave the databases); --reuse DIR (use, and keep, DIR/caladmin-N.db when a --keep run left it).
        var sizesText = args.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault();
        var sizes = sizesText?.Split(',').Select(int.Parse).ToArray() ?? [10_000, 100_000, 1_000_000];
        var reuse = args.SkipWhile(a => a != "--reuse").Skip(1).FirstOrDefault();
        var circuits = args.Where((a, i) => i == 0 || args[i - 1] is not ("--sizes" or "--reuse")).FirstOrDefault(a => int.TryParse(a, out _)) is { } n ? int.Parse(n) : Circuits;
        var browser = !args.Contains("--no-browser");
        var memoryOnly = args.Contains("--memory-only");
        var listHttpOnly = args.Contains("--list-http-only");
        var hold = args.Contains("--hold");
        var keep = args.Contains("--keep") || reuse is not null;
        var workDir = reuse ?? Directory.CreateTempSubdirectory("caladmin-bench-bookings-").FullName;
        Directory.CreateDirectory(workDir);
        Console.WriteLine($"Bookings benchmark on {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite files in {workDir}; load average {LoadAverage()}");

        var now = DateTime.UtcNow;
        var week = CalendarRange.For(CalendarView.Week, DateOnly.FromDateTime(now).AddDays(14), TimeZoneInfo.Utc);
        foreach (var size in sizes)
        {
            var database = Path.Combine(workDir, $"caladmin-{size}.db");
            var seedClock = Stopwatch.StartNew();
            Probe probe;
            if (File.Exists(database))
            {
                probe = await MigrateAsync(database);
                Console.WriteLine($"Reused {database} ({size:N0} bookings), migrated to the current model in {seedClock.Elapsed.TotalSeconds:0.0} s.");
            }
            else
            {
                probe = await SeedAsync(database, size, now, week);
                Console.WriteLine($"Seeded {size:N0} bookings ({WeekBookings:N0} live ones in the week of {week.Days[0]:yyyy-MM-dd}), {Hosts} hosts ({MappedHosts} mapped to staff), {EventTypes} event types in {seedClock.Elapsed.TotalSeconds:0.0} s.");
            }
            var last = size == sizes[^1];
            await RunSizeAsync(workDir, database, size, probe, week, circuits, browser, memoryOnly, listHttpOnly, hold && last, browserPages: last);
            SqliteConnection.ClearAllPools();
            if (!keep) File.Delete(database);
        }

        Console.WriteLine();
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        Console.WriteLine("| measure | figure | target | met |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var row in Table) Console.WriteLine("| " + string.Join(" | ", row) + " |");
        Console.WriteLine();
        Console.WriteLine($"List times: BookingList.PageAsync (count capped at {BookingList.CountCap + 1:N0}, a search's at {BookingList.SearchCountCap + 1:N0}, + page of 25 + hosts and attendees of the page + host labels), in this process, warm, one at a time.");
        Console.WriteLine("Memory: the managed-heap delta is measured after a forced full GC (live objects only); the private-bytes and working-set deltas are the OS view right after that GC (after a 10 s settle) and still include what the GC keeps committed.");
        if (keep) Console.WriteLine($"Kept the databases in {workDir}.");
        else try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static async Task<Probe> MigrateAsync(string database)
    {
        await using var db = new SqliteAppDbContext(Options(database));
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        return new Probe(HostId: 3, EventTypeId: 4, Search: "kowalski");
    }

    private static async Task RunSizeAsync(string workDir, string database, int size, Probe probe, CalendarRange week, int circuits,
        bool browser, bool memoryOnly, bool listHttpOnly, bool hold, bool browserPages)
    {
        if (!memoryOnly && !listHttpOnly)
        {
            await ListAsync(database, probe, size);
            await CalendarServerAsync(database, week, size);
        }

        var environment = new Dictionary<string, string>
        {
            ["CalAdmin__Bootstrap__AdminEmail"] = AdminEmail,
            ["CalAdmin__Bootstrap__AdminPassword"] = AdminPassword,
            ["CalAdmin__Jobs__RunServer"] = "false",
            ["ConnectionStrings__Sqlite"] = $"Data Source={database}",
            ["Serilog__WriteTo__0__Args__restrictedToMinimumLevel"] = "Warning",
        };
        if (!browser || (memoryOnly && !browserPages)) return;
        await using var dashboard = await ServerProcess.StartInstrumentedDashboardAsync(workDir, environment);
        if (listHttpOnly || !browserPages)
        {
            await using var signedIn = await BenchmarkBrowser.SignInAsync(dashboard.BaseAddress, AdminEmail, AdminPassword);
            if (!memoryOnly) await ListPagesOverHttpAsync(dashboard, signedIn.Context, probe, size);
        }
        else await BrowserAsync(dashboard, week, circuits, calendar: !memoryOnly, hold, probe, size);
    }

    private static void Add(string measure, string figure, string target, bool? met) =>
        Table.Add([measure, figure, target, met is null ? "—" : met.Value ? "yes" : "NO"]);

    private sealed record Probe(int HostId, int EventTypeId, string Search);

    // ---------------------------------------------------------------- seed

    private static DbContextOptions<AppDbContext> Options(string database) =>
        new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={database}").Options;

    private static async Task<Probe> SeedAsync(string database, int bookings, DateTime now, CalendarRange week)
    {
        await using (var db = new SqliteAppDbContext(Options(database)))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var hosts = Enumerable.Range(1, Hosts).Select(i => new Host
            {
                CalComUserId = 5000 + i, Username = $"host{i}", Name = $"Cal Host {i:00}", Email = $"host{i}@example.com",
                NormalizedEmail = $"host{i}@example.com", TimeZone = "Europe/Berlin", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Hosts.AddRange(hosts);
            var staff = Enumerable.Range(1, MappedHosts).Select(i => new StaffMember
            {
                Name = $"Staff Member {i:00}", Email = $"staff{i}@example.com", NormalizedEmail = $"staff{i}@example.com", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Staff.AddRange(staff);
            db.StaffMappings.AddRange(staff.Select((s, i) => new StaffMapping
            {
                Staff = s, ExternalId = (5001 + i).ToString(), ExternalUsername = $"host{i + 1}", Method = MappingMethod.AutoByEmail, CreatedAt = now, UpdatedAt = now,
            }));
            db.EventTypes.AddRange(Enumerable.Range(1, EventTypes).Select(i => new EventType
            {
                CalComId = 2000 + i, Slug = $"type-{i}", Title = $"Event type {i:00}", LengthMinutes = 30,
                SchedulingType = (SchedulingType)(i % 4), TeamId = 1, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var booking = Prepare(connection, tx, "INSERT INTO Bookings (Id, CalComId, Uid, Title, StartUtc, EndUtc, Status, EventTypeId, CalComEventTypeId, Location, CreatedAt, UpdatedAt, MeetingState, HostAbsent) VALUES ($id, $id, $uid, $title, $start, $end, $status, $et, $calEt, 'integrations:daily', $now, $now, 'NotStarted', 0)",
            "$id", "$uid", "$title", "$start", "$end", "$status", "$et", "$calEt", "$now");
        var host = Prepare(connection, tx, "INSERT INTO BookingHosts (BookingId, HostId, \"Order\", StartUtc, Status, EventTypeId, Absent) VALUES ($b, $h, $o, $s, $st, $et, 0)", "$b", "$h", "$o", "$s", "$st", "$et");
        var attendee = Prepare(connection, tx, "INSERT INTO Attendees (BookingId, Name, Email, TimeZone, Absent) VALUES ($b, $n, $e, 'America/New_York', $a)", "$b", "$n", "$e", "$a");

        string[] first = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Kira", "Lukas", "Mia", "Noah", "Olga", "Paul"];
        string[] last = ["Schmidt", "Miller", "Garcia", "Novak", "Rossi", "Dubois", "Jensen", "Kowalski", "Silva", "Tanaka", "Okafor", "Larsen"];
        var random = new Random(6);
        var span = TimeSpan.FromDays(365).Ticks;
        for (var id = 1; id <= bookings; id++)
        {
            var inWeek = id > bookings - WeekBookings;
            DateTime start;
            BookingStatus status;
            if (inWeek)
            {
                // Live bookings on the week's days, in the calendar's default hours (08–18).
                start = week.FromUtc.AddDays(random.Next(7)).AddHours(8).AddMinutes(15 * random.Next(38));
                status = random.Next(10) == 0 ? BookingStatus.Pending : BookingStatus.Accepted;
            }
            else
            {
                do start = now.Date.AddTicks(random.NextInt64(-span, span)).AddMinutes(0);
                while (start >= week.FromUtc.AddDays(-1) && start < week.ToUtc);
                start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute / 15 * 15, 0, DateTimeKind.Utc);
                status = random.Next(100) switch
                {
                    < 60 => BookingStatus.Accepted, < 70 => BookingStatus.Pending, < 85 => BookingStatus.Cancelled,
                    < 90 => BookingStatus.Rejected, < 96 => BookingStatus.Rescheduled, _ => BookingStatus.AwaitingPayment,
                };
            }
            var et = 1 + random.Next(EventTypes);
            Run(booking, id, $"bench-{id:000000}", $"Event type {et:00} between Host and Guest", start, start.AddMinutes(30), status.ToString(), et, 2000 + et, now);
            var hostCount = et % 4 == 2 ? 2 : 1; // collective types have two hosts
            var firstHost = 1 + random.Next(Hosts);
            for (var o = 0; o < hostCount; o++) Run(host, id, 1 + (firstHost + o * 7 - 1) % Hosts, o, start, status.ToString(), et);
            for (var a = 0; a < 1 + random.Next(3); a++)
            {
                var (f, l) = (first[random.Next(first.Length)], last[random.Next(last.Length)]);
                Run(attendee, id, $"{f} {l}", $"{f.ToLowerInvariant()}.{l.ToLowerInvariant()}{random.Next(10_000)}@example.org", random.Next(50) == 0);
            }
        }
        await tx.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }
        return new Probe(HostId: 3, EventTypeId: 4, Search: "kowalski");
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        // Parameters in the order they were declared; a repeated name ($id, $now) is declared once.
        for (var i = 0; i < command.Parameters.Count; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    // ---------------------------------------------------------------- list

    private sealed class Factory(string database) : IDbContextFactory<AppDbContext>
    {
        private readonly DbContextOptions<AppDbContext> options = Options(database);
        public AppDbContext CreateDbContext() => new SqliteAppDbContext(options);
    }

    /// <summary>Each tab and filter the list benchmark runs, as BookingsPage parses them from its URL.</summary>
    private static (string Name, BookingQuery Query)[] Cases(Probe probe, string zone)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // As BookingsPage does: the parsed URL with the viewer's zone, page 0 of 25.
        var baseQuery = new BookingQuery { TimeZone = zone };
        return
        [
            ("tab Upcoming", baseQuery with { Tab = BookingTab.Upcoming }),
            ("tab Unconfirmed", baseQuery with { Tab = BookingTab.Unconfirmed }),
            ("tab Past", baseQuery with { Tab = BookingTab.Past }),
            ("tab Cancelled", baseQuery with { Tab = BookingTab.Cancelled }),
            ("tab All", baseQuery with { Tab = BookingTab.All }),
            ("Upcoming + host", baseQuery with { Tab = BookingTab.Upcoming, HostId = probe.HostId }),
            ("All + host", baseQuery with { Tab = BookingTab.All, HostId = probe.HostId }),
            ("Upcoming + event type", baseQuery with { Tab = BookingTab.Upcoming, EventTypeId = probe.EventTypeId }),
            ("All + event type", baseQuery with { Tab = BookingTab.All, EventTypeId = probe.EventTypeId }),
            ("All + date range (30 days)", baseQuery with { Tab = BookingTab.All, From = today.AddDays(-10), To = today.AddDays(19) }),
            ("All + status Accepted", baseQuery with { Tab = BookingTab.All, Status = BookingStatus.Accepted }),
            ("Cancelled + status Rejected", baseQuery with { Tab = BookingTab.Cancelled, Status = BookingStatus.Rejected }),
            ($"All + attendee search '{probe.Search}'", baseQuery with { Tab = BookingTab.All, Search = probe.Search }),
            ("Upcoming + attendee search 'anna'", baseQuery with { Tab = BookingTab.Upcoming, Search = "anna" }),
            ("All + search with no match", baseQuery with { Tab = BookingTab.All, Search = "zzz-nobody" }),
            ("All + host + event type + range + search", baseQuery with { Tab = BookingTab.All, HostId = probe.HostId, EventTypeId = probe.EventTypeId, From = today.AddDays(-90), To = today.AddDays(90), Search = "a" }),
        ];
    }

    private static async Task ListAsync(string database, Probe probe, int size)
    {
        var calAdmin = new CalAdminOptions();
        var list = new BookingList(new Factory(database), Microsoft.Extensions.Options.Options.Create(calAdmin), TimeProvider.System);
        var cases = Cases(probe, calAdmin.TimeZone);
        Console.WriteLine();
        Console.WriteLine($"{size:N0} bookings: first page ({PageSize} rows) of each tab and filter, {Runs} runs after {WarmUp} warm-up (load {LoadAverage()}):");
        foreach (var (name, query) in cases)
        {
            var times = new List<double>();
            var cpu = new List<double>();
            var allocated = new List<double>();
            var total = 0;
            var more = false;
            using var process = Process.GetCurrentProcess();
            for (var i = 0; i < WarmUp + Runs; i++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes();
                var clock = Stopwatch.StartNew();
                var page = await list.PageAsync(query, 0, PageSize);
                process.Refresh();
                if (i >= WarmUp)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    allocated.Add((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0);
                }
                (total, more) = (page.Total, page.MoreThanTotal);
            }
            var sorted = times.Order().ToList();
            var cpuSorted = cpu.Order().ToList();
            var p95 = Measure.Percentile(sorted, 95);
            var cpuP95 = Measure.Percentile(cpuSorted, 95);
            // On a shared machine the wall time includes waiting for a core; the process's CPU time (SQLite runs in it) is the work itself.
            Console.WriteLine($"  {name,-45} {(more ? ">" : "")}{total,7:N0} rows  wall {Measure.Summary(times)}");
            Console.WriteLine($"  {"",-45} {"",8}       cpu  {Measure.Summary(cpu)}; allocated p50 {Measure.Percentile(allocated.Order().ToList(), 50):0} KB");
            Add($"{size:N0}: list: {name} ({(more ? "more than " : "")}{total:N0} matches)",
                $"cpu p95 {cpuP95:0.0} ms (wall p50 {Measure.Percentile(sorted, 50):0.0}, p95 {p95:0.0} ms)", "p95 ≤ 50 ms", cpuP95 <= 50);
        }
    }

    // ---------------------------------------------------------------- calendar

    private static async Task CalendarServerAsync(string database, CalendarRange week, int size)
    {
        var query = new CalendarQuery(new Factory(database));
        var zone = TimeZoneInfo.Utc;
        var times = new List<double>();
        var queryTimes = new List<double>();
        int items = 0, placed = 0;
        for (var i = 0; i < WarmUp + Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var data = await query.LoadAsync(week.FromUtc, week.ToUtc);
            var loaded = clock.Elapsed.TotalMilliseconds;
            // As CalendarPage.LoadAsync does for the week view.
            var legend = CalendarLayout.Legend(data.Items);
            var grid = CalendarLayout.Grid(week.Days, data.Items, zone);
            if (i >= WarmUp) { times.Add(clock.Elapsed.TotalMilliseconds); queryTimes.Add(loaded); }
            items = data.Items.Count;
            placed = grid.Days.Sum(d => d.Items.Count) + legend.Count * 0;
        }
        // The same, rendered to HTML by Blazor's HtmlRenderer (what the server sends for the week's grid).
        var renderTimes = new List<double>();
        var htmlLength = 0;
        await using (var renderer = new HtmlRenderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance))
        {
            for (var i = 0; i < WarmUp + Runs; i++)
            {
                var clock = Stopwatch.StartNew();
                var data = await query.LoadAsync(week.FromUtc, week.ToUtc);
                var grid = CalendarLayout.Grid(week.Days, data.Items, zone);
                var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<CalendarTimeGrid>(ParameterView.FromDictionary(
                    new Dictionary<string, object?> { [nameof(CalendarTimeGrid.Grid)] = grid, [nameof(CalendarTimeGrid.Today)] = week.Days[0] }))).ToHtmlString());
                if (i >= WarmUp) renderTimes.Add(clock.Elapsed.TotalMilliseconds);
                htmlLength = html.Length;
            }
        }
        var lanesTimes = new List<double>();
        for (var i = 0; i < WarmUp + Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var data = await query.LoadAsync(week.FromUtc, week.ToUtc);
            CalendarLayout.Lanes(week.Days, data.Items, data.Hosts, zone);
            if (i >= WarmUp) lanesTimes.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine();
        Console.WriteLine($"{size:N0} bookings: calendar week {week.Days[0]:yyyy-MM-dd}: {items:N0} live bookings, {placed:N0} placed.");
        Console.WriteLine($"  query only            {Measure.Summary(queryTimes)}");
        Console.WriteLine($"  query + week layout   {Measure.Summary(times)}");
        Console.WriteLine($"  query + host lanes    {Measure.Summary(lanesTimes)}");
        var p95 = Measure.Percentile(times.Order().ToList(), 95);
        Add($"{size:N0}: calendar week, {items:N0} bookings: CalendarQuery + CalendarLayout.Grid (server, in process)", $"p50 {Measure.Percentile(times.Order().ToList(), 50):0.0} ms, p95 {p95:0.0} ms", "≤ 150 ms", p95 <= 150);
        Console.WriteLine($"  query + layout + HTML {Measure.Summary(renderTimes)} ({htmlLength / 1024} KB of HTML)");
        var rp95 = Measure.Percentile(renderTimes.Order().ToList(), 95);
        Add($"{size:N0}: calendar week, {items:N0} bookings: query + layout + CalendarTimeGrid rendered to HTML (server, in process)", $"p50 {Measure.Percentile(renderTimes.Order().ToList(), 50):0.0} ms, p95 {rp95:0.0} ms", "≤ 150 ms", rp95 <= 150);
        var lp95 = Measure.Percentile(lanesTimes.Order().ToList(), 95);
        Add($"{size:N0}: calendar week by host lanes, {items:N0} bookings: query + CalendarLayout.Lanes", $"p50 {Measure.Percentile(lanesTimes.Order().ToList(), 50):0.0} ms, p95 {lp95:0.0} ms", "≤ 150 ms", lp95 <= 150);
    }

    // ---------------------------------------------------------------- browser: calendar render and circuits

    /// <summary>The dashboard's live managed heap, from the benchmark's own hosting of it (InstrumentedDashboard) (it collects first).</summary>
    private static async Task<long> ManagedHeapAsync(ServerProcess dashboard)
    {
        using var http = new HttpClient { BaseAddress = dashboard.BaseAddress };
        var json = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(InstrumentedDashboard.MemoryPath);
        return json.GetProperty("managedHeapBytes").GetInt64();
    }

    private static async Task BrowserAsync(ServerProcess dashboard, CalendarRange week, int circuits, bool calendar, bool hold, Probe probe, int size)
    {
        await using var signedIn = await BenchmarkBrowser.SignInAsync(dashboard.BaseAddress, AdminEmail, AdminPassword);
        var context = signedIn.Context;
        var first = signedIn.First;
        if (calendar)
        {
            await ListPagesOverHttpAsync(dashboard, context, probe, size);
            await CalendarBrowserAsync(dashboard, first, week);
        }
        await CircuitsAsync(dashboard, context, first, circuits, hold);
    }

    /// <summary>
    /// The list as the browser gets it: /bookings is rendered on the server per request (no circuit), so its server time
    /// is the whole response: filter choices, the page of 25, the HTML. Timed from request to last byte over loopback,
    /// signed in with the browser's cookies.
    /// </summary>
    private static async Task ListPagesOverHttpAsync(ServerProcess dashboard, IBrowserContext context, Probe probe, int size)
    {
        var cookies = new System.Net.CookieContainer();
        foreach (var cookie in await context.CookiesAsync())
            cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = dashboard.BaseAddress };
        Console.WriteLine();
        Console.WriteLine($"{size:N0} bookings: the whole /bookings page over HTTP (signed in, rendered on the server), {Runs} runs after {WarmUp} warm-up (load {LoadAverage()}):");
        foreach (var (name, query) in Cases(probe, new CalAdminOptions().TimeZone))
        {
            var url = "/bookings?" + query.ToQueryString(includeTimeZone: false);
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < WarmUp + Runs; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                var html = await response.Content.ReadAsStringAsync();
                if (i >= WarmUp) times.Add(clock.Elapsed.TotalMilliseconds);
                if (response.StatusCode != System.Net.HttpStatusCode.OK || !html.Contains("data-testid=\"page-info\""))
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} without the list");
                bytes = html.Length;
            }
            var sorted = times.Order().ToList();
            var p95 = Measure.Percentile(sorted, 95);
            Console.WriteLine($"  {name,-45} {bytes / 1024,4} KB  {Measure.Summary(times)}");
            Add($"{size:N0}: /bookings over HTTP: {name}", $"p50 {Measure.Percentile(sorted, 50):0.0} ms, p95 {p95:0.0} ms", "p95 ≤ 50 ms", p95 <= 50);
        }
    }

    private static async Task CalendarBrowserAsync(ServerProcess dashboard, IPage first, CalendarRange week)
    {

        // Calendar: a full navigation to the week until its 2,000 items are drawn, and an in-circuit move to it.
        var url = new Uri(dashboard.BaseAddress, $"/calendar?view=week&date={week.Days[0]:yyyy-MM-dd}").ToString();
        // Every booking of the week is drawn or counted in a "+N more" box of its hour.
        var shown = "document.querySelectorAll(\"[data-testid='time-grid'] .cal-item\").length + [...document.querySelectorAll(\"[data-testid='time-grid'] .cal-more\")].reduce((n, m) => n + +m.dataset.count, 0)";
        var drawn = $"() => {shown} >= {WeekBookings}";
        var navigation = new List<double>();
        var interactive = new List<double>();
        for (var i = 0; i < 2 + 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await first.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
            await first.WaitForFunctionAsync(drawn, null, new() { Timeout = 30_000, PollingInterval = 5 });
            var t = clock.Elapsed.TotalMilliseconds;
            await first.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
            var ti = clock.Elapsed.TotalMilliseconds;
            if (i >= 2) { navigation.Add(t); interactive.Add(ti); }
        }
        // The same page for a week with no bookings: what the page costs before any booking is drawn.
        var emptyUrl = new Uri(dashboard.BaseAddress, $"/calendar?view=week&date={week.Days[0].AddYears(3):yyyy-MM-dd}").ToString();
        var emptyNavigation = new List<double>();
        for (var i = 0; i < 2 + 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await first.GotoAsync(emptyUrl, new() { WaitUntil = WaitUntilState.Commit });
            await first.Locator("[data-testid='time-grid'], [data-testid='empty-state']").First.WaitForAsync();
            if (i >= 2) emptyNavigation.Add(clock.Elapsed.TotalMilliseconds);
        }
        // In the live circuit: previous week (empty-ish), then back; time from the click to the 2,000 items drawn.
        await first.GotoAsync(url);
        await first.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
        var inCircuit = new List<double>();
        var prev = first.Locator("[data-testid='prev']").First;
        var next = first.Locator("[data-testid='next']").First;
        if (await prev.CountAsync() > 0 && await next.CountAsync() > 0)
        {
            for (var i = 0; i < 2 + 10; i++)
            {
                await prev.ClickAsync();
                await first.WaitForFunctionAsync($"() => {shown} < {WeekBookings}", null, new() { Timeout = 30_000, PollingInterval = 5 });
                var clock = Stopwatch.StartNew();
                await next.ClickAsync();
                await first.WaitForFunctionAsync(drawn, null, new() { Timeout = 30_000, PollingInterval = 5 });
                if (i >= 2) inCircuit.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Calendar week in Chromium (real dashboard, {WeekBookings:N0} items):");
        Console.WriteLine($"  navigation → items in DOM (prerender)   {Measure.Summary(navigation)}");
        Console.WriteLine($"  navigation → interactive                {Measure.Summary(interactive)}");
        Console.WriteLine($"  the same page for an empty week         {Measure.Summary(emptyNavigation)} (the page without bookings)");
        if (inCircuit.Count > 0) Console.WriteLine($"  in-circuit next-week click → drawn      {Measure.Summary(inCircuit)}");
        var np95 = Measure.Percentile(navigation.Order().ToList(), 95);
        Add($"calendar week, {WeekBookings:N0} bookings: Chromium navigation → items in the DOM", $"p50 {Measure.Percentile(navigation.Order().ToList(), 50):0} ms, p95 {np95:0} ms", "≤ 150 ms", np95 <= 150);
        Add("calendar, empty week: Chromium navigation → grid in the DOM (the page's own cost)", $"p50 {Measure.Percentile(emptyNavigation.Order().ToList(), 50):0} ms, p95 {Measure.Percentile(emptyNavigation.Order().ToList(), 95):0} ms", "—", null);
        // What the 2,000 bookings add in the browser: the same navigation with and without them, at the median.
        var ownCost = Measure.Percentile(navigation.Order().ToList(), 50) - Measure.Percentile(emptyNavigation.Order().ToList(), 50);
        Add($"calendar week, {WeekBookings:N0} bookings: Chromium, what the bookings add (navigation p50 minus the empty week's)", $"{ownCost:0} ms", "≤ 150 ms", ownCost <= 150);
        if (inCircuit.Count > 0)
        {
            var cp95 = Measure.Percentile(inCircuit.Order().ToList(), 95);
            Add($"calendar week, {WeekBookings:N0} bookings: in-circuit click → items drawn", $"p50 {Measure.Percentile(inCircuit.Order().ToList(), 50):0} ms, p95 {cp95:0} ms", "≤ 150 ms", cp95 <= 150);
        }
        else Add("calendar week: in-circuit navigation", "not measured (no previous/next control found)", "≤ 150 ms", null);
    }

    private static async Task CircuitsAsync(ServerProcess dashboard, IBrowserContext context, IPage first, int circuits, bool hold)
    {

        // Circuits: the first page leaves the calendar; then `circuits` pages of /bookings stay open.
        await first.GotoAsync(new Uri(dashboard.BaseAddress, "/bookings").ToString());
        await first.Locator("tr.booking-row").First.WaitForAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        // The heap first: its endpoint runs a full, compacting GC, so the OS figures after it hold less GC slack.
        var heapBefore = await ManagedHeapAsync(dashboard);
        var (privateBefore, wsBefore) = dashboard.Memory();
        var bookingsUrl = new Uri(dashboard.BaseAddress, "/bookings").ToString();
        var pages = new List<IPage>();
        var open = Stopwatch.StartNew();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(bookingsUrl);
            // The list is rendered without a circuit; its live-reload island is the circuit, connected once it says so.
            await page.Locator("[data-live='on']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await page.Locator("tr.booking-row").First.WaitForAsync(new() { Timeout = 60_000 });
            pages.Add(page);
        }
        var opened = open.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(10));
        // Every page is still connected: its island still says live.
        var heapAfter = await ManagedHeapAsync(dashboard);
        var (privateAfter, wsAfter) = dashboard.Memory();
        var perHeap = (heapAfter - heapBefore) / (double)circuits / 1024;
        var perPrivate = (privateAfter - privateBefore) / (double)circuits / 1024;
        var perWs = (wsAfter - wsBefore) / (double)circuits / 1024;
        Console.WriteLine();
        Console.WriteLine($"{circuits} /bookings circuits opened in {opened.TotalSeconds:0.0} s; dashboard private bytes {privateBefore / 1048576.0:0.0} → {privateAfter / 1048576.0:0.0} MB, working set {wsBefore / 1048576.0:0.0} → {wsAfter / 1048576.0:0.0} MB.");
        Console.WriteLine($"Managed heap after a full, compacting GC: {heapBefore / 1048576.0:0.0} → {heapAfter / 1048576.0:0.0} MB.");
        Add($"memory per open /bookings circuit ({circuits} circuits): managed heap delta after full GC / {circuits}", $"{perHeap:0} KB", "≤ 500 KB", perHeap <= 500);
        Add($"memory per open /bookings circuit ({circuits} circuits): private bytes delta / {circuits}", $"{perPrivate:0} KB", "≤ 500 KB", perPrivate <= 500);
        Add($"memory per open /bookings circuit ({circuits} circuits): working set delta / {circuits}", $"{perWs:0} KB", "≤ 500 KB", perWs <= 500);
        if (hold)
        {
            Console.WriteLine($"Holding {circuits} circuits open on dashboard process {dashboard.ProcessId}; press Enter to close them.");
            Console.ReadLine();
        }
        foreach (var page in pages) await page.CloseAsync();
    }
}
