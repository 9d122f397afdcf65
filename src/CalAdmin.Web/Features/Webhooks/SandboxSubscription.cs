using System.Security.Cryptography;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// With the embedded sandbox (Sandbox mode), CalAdmin signs its own deliveries with a secret generated for this run and,
/// once the dashboard listens (its webhook URL is only known then), subscribes its endpoint to the sandbox's event types:
/// the whole loop (action → Cal.com → signed webhook → rows → open pages) works on a fresh clone.
/// </summary>
public sealed class SandboxSubscription(
    IServiceProvider services, WebhookSecrets secrets, IHostApplicationLifetime lifetime, ILogger<SandboxSubscription> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<EmbeddedSandbox>() is null) return Task.CompletedTask;
        secrets.Add(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        lifetime.ApplicationStarted.Register(() => _ = SubscribeAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<WebhookSubscriptions>().CreateMissingAsync(ct);
            logger.LogInformation("Subscribed {Count} sandbox event types to this dashboard's webhook endpoint", created);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not subscribe the dashboard to the sandbox's webhooks");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
