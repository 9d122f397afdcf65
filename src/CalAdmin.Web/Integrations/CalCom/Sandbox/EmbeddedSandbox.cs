using CalAdmin.Sandbox;

namespace CalAdmin.Web.Integrations.CalCom.Sandbox;

/// <summary>
/// In Sandbox mode (no API key configured) CalAdmin starts the offline Cal.com on a loopback port and points its
/// client at it (the Webhooks feature then subscribes the dashboard to it, see <c>SandboxSubscription</c>).
/// </summary>
public sealed class EmbeddedSandbox(
    CalComConnection connection,
    IConfiguration configuration,
    TimeProvider clock,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    /// <summary>The seeded team the sandbox serves (see src/CalAdmin.Sandbox/README.md).</summary>
    public const int TeamId = 1001;

    private readonly ILogger logger = loggers.CreateLogger<EmbeddedSandbox>();

    public SandboxServer? Server { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The dashboard's clock: the demo bookings are around the "now" the pages show.
        var options = new SandboxOptions { TimeProvider = clock };
        configuration.GetSection("CalCom:Sandbox").Bind(options);
        Server = await SandboxServer.StartAsync(options, "http://127.0.0.1:0", new SandboxLoggers(loggers), cancellationToken);
        connection.UseSandbox(Server.BaseAddress, Server.ApiKey);
        logger.LogInformation("Cal.com sandbox started at {BaseAddress} with team {TeamId}", Server.BaseAddress, TeamId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Server is not null) await Server.DisposeAsync();
        Server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

/// <summary>The sandbox's own log lines, without its host's "Now listening on" that would confuse a first-time user.</summary>
internal sealed class SandboxLoggers(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.", StringComparison.Ordinal)
            ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The dashboard owns the inner factory.
    public void Dispose() { }
}

public static class EmbeddedSandboxSetup
{
    /// <summary>
    /// Starts the sandbox inside the dashboard when <c>CalCom:Mode</c> resolves to Sandbox; its business's zone
    /// (<c>CalCom:Sandbox:TimeZone</c>) becomes the dashboard's when <c>CalAdmin:TimeZone</c> is not set.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedSandbox(this WebApplicationBuilder builder)
    {
        var calCom = builder.Configuration.GetSection(CalComOptions.Section).Get<CalComOptions>() ?? new CalComOptions();
        if (calCom.EffectiveMode != CalComMode.Sandbox) return builder;

        builder.Services.PostConfigure<CalComOptions>(o => o.TeamId ??= EmbeddedSandbox.TeamId);

        var sandbox = new SandboxOptions();
        builder.Configuration.GetSection("CalCom:Sandbox").Bind(sandbox);
        var errors = sandbox.Validate("CalCom:Sandbox:").ToList();
        if (errors.Count > 0) throw new Infrastructure.InvalidSettingsException(errors);
        // The demo business's zone (CalCom:Sandbox:TimeZone) is the dashboard's too, unless CalAdmin:TimeZone says otherwise.
        if (sandbox.TimeZone is { } zone && builder.Configuration[$"{Infrastructure.CalAdminOptions.Section}:TimeZone"] is null)
            builder.Services.PostConfigure<Infrastructure.CalAdminOptions>(o => o.TimeZone = zone);
        builder.Services.AddSingleton<EmbeddedSandbox>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedSandbox>());
        return builder;
    }
}
