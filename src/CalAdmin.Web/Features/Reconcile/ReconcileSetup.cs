using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Reconcile;

public static class ReconcileSetup
{
    /// <summary>Reconciliation, its job, "Reconcile now" and the Sync page's section.</summary>
    public static WebApplicationBuilder AddReconciliation(this WebApplicationBuilder builder)
    {
        var reconcile = builder.Configuration.GetSection(ReconcileOptions.Section).Get<ReconcileOptions>() ?? new ReconcileOptions();
        if (reconcile.Problems() is { Count: > 0 } problems) throw new InvalidSettingsException(problems);
        builder.Services.AddReconciliation(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeasedRun>();
        services.AddTransient<Reconciliation>();
        services.AddTransient<ReconcileJob>();
        services.AddScoped<ReconcileCommands>();
        services.AddScoped<ReconcileHistory>();
        return services;
    }

    /// <summary>The <c>calcom-reconcile</c> schedule.</summary>
    public static WebApplication MapReconciliation(this WebApplication app)
    {
        var reconcile = app.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value;
        app.ScheduleRecurring<ReconcileJob>(ReconcileJob.RecurringJobId, j => j.RunAsync(SyncTrigger.Schedule, CancellationToken.None),
            reconcile.Cron, $"{ReconcileOptions.Section}:Cron");
        return app;
    }
}
