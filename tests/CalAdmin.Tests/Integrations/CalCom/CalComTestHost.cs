using CalAdmin.Sandbox;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>The real AddCalCom registrations, pointed at a test server, with captured logs and optionally a manual clock.</summary>
public sealed class CalComTestHost : IAsyncDisposable
{
    public const string ApiKey = "cal_test_5ecret_k3y_never_logged";

    private readonly ServiceProvider _services;

    private CalComTestHost(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
    }

    public CapturingLoggerProvider Logs { get; }

    public CalComClient Client => _services.GetRequiredService<CalComClient>();

    public CalComConnection Connection => _services.GetRequiredService<CalComConnection>();

    public CalComRateGate Gate => _services.GetRequiredService<CalComRateGate>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="settings">Overrides of section CalCom, e.g. ["AttemptTimeoutSeconds"] = "0.2".</param>
    /// <param name="configure">More registrations after AddCalCom, e.g. a handler that records every answer.</param>
    public static CalComTestHost Create(Uri baseUrl, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["CalCom:BaseUrl"] = baseUrl.ToString(),
            ["CalCom:ApiKey"] = ApiKey,
            ["CalCom:TeamId"] = "7",
            ["CalCom:RetryBaseDelaySeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values["CalCom:" + key] = value;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddCalCom(configuration);
        services.AddSingleton(clock ?? TestClock.Provider);
        configure?.Invoke(services);
        return new CalComTestHost(services.BuildServiceProvider(), logs);
    }

    /// <summary>The client pointed at a sandbox with its owner's key and its team (more settings as in the other overload).</summary>
    public static CalComTestHost Create(SandboxServer sandbox, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?> { ["ApiKey"] = sandbox.ApiKey, ["TeamId"] = sandbox.State.Team.Id.ToString() };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return Create(sandbox.BaseAddress, values, clock, configure);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
