using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// Hangfire for CalAdmin's background jobs. Its storage and job activator are registered in DI (not only in Hangfire's
/// static configuration), so each host — several in one test process — runs its jobs against its own services.
/// SQL Server storage (schema <c>hangfire</c>) with <c>Database:Provider=SqlServer</c>, in-memory on the embedded default.
/// </summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";
    public const string SqlServerSchema = "hangfire";

    public static WebApplicationBuilder AddCalAdminJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var import = config.GetSection(ImportOptions.Section).Get<ImportOptions>() ?? new ImportOptions();
        if (import.DaysBack < 0 || import.DaysAhead < 0 || import.BatchSize < 1)
            throw new InvalidSettingsException(["CalAdmin:Import:DaysBack and DaysAhead must be 0 or more, and BatchSize 1 or more."]);
        var reconcile = config.GetSection(ReconcileOptions.Section).Get<ReconcileOptions>() ?? new ReconcileOptions();
        if (reconcile.Problems() is { Count: > 0 } reconcileProblems) throw new InvalidSettingsException(reconcileProblems);
        services.AddTeamSync(config);
        services.AddReconciliation(config);

        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.ParsedProvider == DatabaseProvider.SqlServer)
        {
            var connectionString = config.GetConnectionString("Hangfire") is { Length: > 0 } own ? own : config.GetConnectionString("SqlServer");
            services.AddSingleton<JobStorage>(_ => new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                SchemaName = SqlServerSchema,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.Zero,
            }));
        }
        else
        {
            services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions()));
        }
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        var jobs = config.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer)
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = Math.Max(1, jobs.WorkerCount);
                o.ServerName = $"caladmin-{Environment.MachineName}-{Environment.ProcessId}";
                o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            });
        return builder;
    }

    /// <summary>
    /// The dashboard at /hangfire (through the app's cookie sign-in: Admins may act, Managers read, anyone else is refused),
    /// the nightly <c>calcom-team-sync</c>, the <c>calcom-reconcile</c> schedule, and the first sync and import when
    /// CalAdmin has never synced.
    /// </summary>
    public static WebApplication MapCalAdminJobs(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
            {
                AppPath = "/",
                DashboardTitle = "CalAdmin jobs",
                Authorization = [],
                AsyncAuthorization = [new RoleDashboardAuthorization()],
                IsReadOnlyFunc = ctx => !ctx.GetHttpContext().User.IsInRole(Roles.Admin),
            }, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(IdentitySetup.ManagerPolicy);

        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var sync = app.Services.GetRequiredService<IOptions<SyncOptions>>().Value;
        var zone = app.Services.GetRequiredService<IOptions<CalAdminOptions>>().Value.TimeZoneInfo;
        try
        {
            recurring.AddOrUpdate<TeamSyncJob>(TeamSyncJob.RecurringJobId, j => j.RunAsync(SyncTrigger.Schedule, CancellationToken.None), sync.Cron,
                new RecurringJobOptions { TimeZone = zone });
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingsException([$"CalAdmin:Sync:Cron '{sync.Cron}' is not a valid cron expression ({ex.Message})."]);
        }
        var reconcile = app.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value;
        try
        {
            recurring.AddOrUpdate<ReconcileJob>(ReconcileJob.RecurringJobId, j => j.RunAsync(SyncTrigger.Schedule, CancellationToken.None), reconcile.Cron,
                new RecurringJobOptions { TimeZone = zone });
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingsException([$"{ReconcileOptions.Section}:Cron '{reconcile.Cron}' is not a valid cron expression ({ex.Message})."]);
        }

        // After migrations (PrepareCalAdminAsync) and once the embedded sandbox listens.
        app.Lifetime.ApplicationStarted.Register(() => _ = EnqueueFirstRunAsync(app.Services, app.Lifetime.ApplicationStopping));
        return app;
    }

    private static async Task EnqueueFirstRunAsync(IServiceProvider services, CancellationToken ct)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HangfireSetup));
        try
        {
            await using var scope = services.CreateAsyncScope();
            var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            if (!await db.SyncRuns.AnyAsync(r => r.Succeeded, ct))
            {
                // The import follows from the sync job once hosts are known.
                jobs.Enqueue<TeamSyncJob>(j => j.RunAsync(SyncTrigger.Startup, CancellationToken.None));
                logger.LogInformation("No Cal.com sync has succeeded yet: the first sync is queued");
            }
            else if (await scope.ServiceProvider.GetRequiredService<BookingImport>().IsDueAtStartupAsync(ct))
            {
                jobs.Enqueue<BookingImportJob>(j => j.RunAsync(SyncTrigger.Startup, CancellationToken.None));
                logger.LogInformation("The first booking import has not completed: it is queued");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not queue the first Cal.com sync");
        }
    }

    /// <summary>Signed-in Admins and Managers only (Managers read-only); never "any local request", which a reverse proxy defeats.</summary>
    private sealed class RoleDashboardAuthorization : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return Task.FromResult(user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager)));
        }
    }
}
