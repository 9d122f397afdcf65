using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

public static class SyncSetup
{
    /// <summary>The team sync, the first booking import, their jobs, progress and the Sync page's queries.</summary>
    public static WebApplicationBuilder AddSync(this WebApplicationBuilder builder)
    {
        var import = builder.Configuration.GetSection(ImportOptions.Section).Get<ImportOptions>() ?? new ImportOptions();
        if (import.DaysBack < 0 || import.DaysAhead < 0 || import.BatchSize < 1)
            throw new InvalidSettingsException(["CalAdmin:Import:DaysBack and DaysAhead must be 0 or more, and BatchSize 1 or more."]);
        builder.Services.AddSync(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section));
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SyncProgress>();
        services.AddSingleton<CalComCallMeter>();
        services.TryAddSingleton<LeasedRun>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, CalComCallMeterFilter>());
        services.AddTransient<TeamRoster>();
        services.AddTransient<TeamSync>();
        services.AddTransient<BookingImport>();
        services.AddTransient<TeamSyncJob>();
        services.AddTransient<BookingImportJob>();
        services.AddScoped<SyncCommands>();
        services.AddScoped<SyncHistory>();
        return services;
    }

    /// <summary>The nightly <c>calcom-team-sync</c>, and the first sync and import when CalAdmin has never synced.</summary>
    public static WebApplication MapSync(this WebApplication app)
    {
        var sync = app.Services.GetRequiredService<IOptions<SyncOptions>>().Value;
        app.ScheduleRecurring<TeamSyncJob>(TeamSyncJob.RecurringJobId, j => j.RunAsync(SyncTrigger.Schedule, CancellationToken.None),
            sync.Cron, $"{SyncOptions.Section}:Cron");
        // After migrations (PrepareCalAdminAsync) and once the embedded sandbox listens.
        app.Lifetime.ApplicationStarted.Register(() => _ = EnqueueFirstRunAsync(app.Services, app.Lifetime.ApplicationStopping));
        return app;
    }

    private static async Task EnqueueFirstRunAsync(IServiceProvider services, CancellationToken ct)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SyncSetup));
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
}
