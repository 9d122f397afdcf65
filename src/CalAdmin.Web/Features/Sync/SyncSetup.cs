using CalAdmin.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;

namespace CalAdmin.Web.Features.Sync;

public static class SyncSetup
{
    /// <summary>The team sync, the first booking import, their jobs, progress and the Sync page's queries.</summary>
    public static IServiceCollection AddTeamSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section));
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section));
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));
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
}
