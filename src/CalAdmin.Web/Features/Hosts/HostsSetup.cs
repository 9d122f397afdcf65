using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Hosts;

public static class HostsSetup
{
    /// <summary>The hosts pages' read model.</summary>
    public static WebApplicationBuilder AddHosts(this WebApplicationBuilder builder)
    {
        builder.Services.AddHosts();
        return builder;
    }

    public static IServiceCollection AddHosts(this IServiceCollection services)
    {
        services.AddScoped<HostDirectory>();
        // The host page shows no-show counts (registered by AddBookings too).
        services.TryAddScoped<Outcomes.NoShowCounts>();
        // The host page lists the host's out-of-office entries.
        services.TryAddScoped<Away.AwayQuery>();
        return services;
    }
}
