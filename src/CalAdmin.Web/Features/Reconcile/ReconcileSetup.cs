using CalAdmin.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Reconcile;

public static class ReconcileSetup
{
    /// <summary>Reconciliation, its job, "Reconcile now" and the Sync page's section (the Hangfire schedule is in HangfireSetup).</summary>
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
}
