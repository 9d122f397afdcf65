using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Handlers;
using CalAdmin.Web.Integrations.CalCom.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace CalAdmin.Web.Integrations.CalCom;

public static class CalComSetup
{
    /// <summary>
    /// Registers <see cref="CalComClient"/> (what the app calls), <see cref="CalComConnection"/> (base URL and key,
    /// switchable at run time with UseSandbox), the shared <see cref="CalComRateGate"/>, and the Refit
    /// <see cref="ICalComApi"/> with its handler pipeline, outer to inner:
    /// total timeout → retry → circuit breaker → rate gate → attempt timeout → endpoint → api version → auth → log.
    /// </summary>
    public static WebApplicationBuilder AddCalCom(this WebApplicationBuilder builder)
    {
        builder.Services.AddCalCom(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddCalCom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CalComOptions>().Bind(configuration.GetSection(CalComOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalComOptions>, CalComOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CalComConnection>();
        services.TryAddSingleton<CalComRateGate>();

        services.TryAddTransient<CalComRateGateHandler>();
        services.TryAddTransient<CalComEndpointHandler>();
        services.TryAddTransient<CalComApiVersionHandler>();
        services.TryAddTransient<CalComAuthHandler>();
        services.TryAddTransient<CalComLoggingHandler>();

        var http = services.AddRefitGeneratedClient<ICalComApi>(CalComJsonContext.Default)
            .ConfigureHttpClient(client =>
            {
                client.BaseAddress = CalComEndpointHandler.Placeholder;
                client.Timeout = Timeout.InfiniteTimeSpan; // The resilience pipeline bounds each call.
            })
            .RemoveAllLoggers(); // They log full URLs, query strings included; CalComLoggingHandler logs what is safe.

        // Handlers run in the order added, the first outermost.
        http.AddResilienceHandler(CalComResilience.CallPipeline, CalComResilience.ConfigureCall);
        http.AddHttpMessageHandler<CalComRateGateHandler>();
        http.AddResilienceHandler(CalComResilience.AttemptPipeline, CalComResilience.ConfigureAttempt);
        http.AddHttpMessageHandler<CalComEndpointHandler>()
            .AddHttpMessageHandler<CalComApiVersionHandler>()
            .AddHttpMessageHandler<CalComAuthHandler>()
            .AddHttpMessageHandler<CalComLoggingHandler>();

        services.TryAddTransient<CalComClient>();
        return services;
    }
}
