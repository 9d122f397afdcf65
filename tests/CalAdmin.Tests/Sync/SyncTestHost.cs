using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalAdmin.Tests.Sync;

/// <summary>
/// The real sync services (client, rate gate, retry pipeline, sync, import, reconciliation) on a fresh SQLite file of their own,
/// pointed at a sandbox over HTTP. Lighter than the whole web host, so each test can have its own team.
/// Not the sandboxed web host: that one's hosted services (inbox, job server, subscriptions, change feed) would run beside the run under test.
/// </summary>
public sealed class SyncTestHost : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly string directory;

    private SyncTestHost(ServiceProvider services, string directory)
    {
        this.services = services;
        this.directory = directory;
    }

    public SandboxServer Sandbox { get; private init; } = null!;

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public TeamSync Sync => services.GetRequiredService<TeamSync>();

    public BookingImport Import => services.GetRequiredService<BookingImport>();

    public Reconciliation Reconciliation => services.GetRequiredService<Reconciliation>();

    public SyncProgress Progress => services.GetRequiredService<SyncProgress>();

    public AppDbContext Db() => services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <param name="settings">Overrides, e.g. ["CalCom:RequestsPerMinute"] = "10".</param>
    public static async Task<SyncTestHost> StartAsync(SandboxServer sandbox, IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("caladmin-sync-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["CalCom:Mode"] = "Live",
            ["CalCom:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["CalCom:ApiKey"] = sandbox.ApiKey,
            ["CalCom:TeamId"] = sandbox.State.Team.Id.ToString(),
            ["CalCom:RequestsPerMinute"] = "10000",
            ["CalCom:RetryBaseDelaySeconds"] = "0.01",
            ["CalCom:AttemptTimeoutSeconds"] = "5",
            ["CalCom:TotalTimeoutSeconds"] = "90",
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "caladmin.db")}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TestClock.Provider);
        services.AddSingleton<IConfiguration>(config);
        services.AddOptions<CalAdminOptions>().Bind(config.GetSection(CalAdminOptions.Section));
        services.AddSingleton(DataSetup.BuildOptions(config, directory));
        services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory>();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<IChangeFeed, InProcessChangeFeed>();
        services.AddCalCom(config);
        services.AddStaff().AddHosts().AddAudit();
        services.AddSync(config);
        services.AddReconciliation(config);
        var provider = services.BuildServiceProvider();

        await using (var db = provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
            await db.Database.MigrateAsync();
        return new SyncTestHost(provider, directory) { Sandbox = sandbox };
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Every row the sync may write, as text, with database ids and times: two snapshots are equal only when not a
    /// single column of a single row changed.
    /// </summary>
    public async Task<string> RowsAsync()
    {
        await using var db = Db();
        var rows = new
        {
            Hosts = await db.Hosts.AsNoTracking().OrderBy(h => h.Id).ToListAsync(),
            EventTypes = await db.EventTypes.AsNoTracking().OrderBy(e => e.Id).ToListAsync(),
            EventTypeHosts = await db.EventTypeHosts.AsNoTracking().OrderBy(e => e.EventTypeId).ThenBy(e => e.HostId)
                .Select(e => new { e.EventTypeId, e.HostId, e.Mandatory, e.Priority }).ToListAsync(),
            Staff = await db.Staff.AsNoTracking().OrderBy(s => s.Id).ToListAsync(),
            Mappings = await db.StaffMappings.AsNoTracking().OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.StaffId, m.ExternalId, m.ExternalUsername, m.Method, m.CreatedAt, m.UpdatedAt, m.Version }).ToListAsync(),
            Conflicts = await db.SyncConflicts.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Audit = await db.AuditEntries.AsNoTracking().CountAsync(),
        };
        return JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What the team looks like in the mirror, keyed by Cal.com ids and emails only: comparable across databases.</summary>
    public async Task<string> TeamAsync()
    {
        await using var db = Db();
        var hosts = await db.Hosts.AsNoTracking().OrderBy(h => h.CalComUserId)
            .Select(h => new { h.CalComUserId, h.Username, h.Name, h.Email, h.NormalizedEmail, h.TimeZone, h.TeamRole, h.AvatarUrl, h.Active, h.NeedsReview })
            .ToListAsync();
        var eventTypes = await db.EventTypes.AsNoTracking().OrderBy(e => e.CalComId)
            .Select(e => new
            {
                e.CalComId, e.Title, e.Slug, e.LengthMinutes, e.SchedulingType, e.TeamId, e.AssignAllTeamMembers,
                Hosts = e.Hosts.OrderBy(h => h.Host.CalComUserId).Select(h => new { h.Host.CalComUserId, h.Mandatory, h.Priority }).ToList(),
            }).ToListAsync();
        var staff = await db.Staff.AsNoTracking().OrderBy(s => s.NormalizedEmail).Select(s => new { s.Name, s.Email, s.Active }).ToListAsync();
        var mappings = await db.StaffMappings.AsNoTracking().OrderBy(m => m.ExternalId)
            .Select(m => new { m.ExternalId, m.ExternalUsername, m.Method, m.Staff.NormalizedEmail }).ToListAsync();
        var conflicts = await db.SyncConflicts.AsNoTracking().Where(c => c.ResolvedAt == null).OrderBy(c => c.Key).Select(c => new { c.Key, c.Reason }).ToListAsync();
        return JsonSerializer.Serialize(new { hosts, eventTypes, staff, mappings, conflicts }, new JsonSerializerOptions { WriteIndented = true });
    }
}
