using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Settings;

public static class SettingsSetup
{
    /// <summary>The Settings page's connection check (its webhook section is the Webhooks feature's).</summary>
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings();
        return builder;
    }

    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddScoped<ConnectionCheck>();
        services.TryAddSingleton<Infrastructure.DashboardAddress>();
        return services;
    }
}
