using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Webhooks;

public static class WebhookSetup
{
    /// <summary>
    /// The endpoint's secrets and flood guard, the inbox and its applier, the subscriptions to Cal.com (and to the embedded
    /// sandbox); the change feed they publish to comes from <c>AddCalAdminChangeFeed</c>.
    /// </summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<ApplierLease>();
        services.AddSingleton<InboxProcessor>();
        services.AddScoped<DeliveryLog>();
        services.TryAddSingleton<DashboardAddress>();
        services.AddSingleton<InstanceTriggers>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddHostedService<SandboxSubscription>();
        builder.AddCalComWebhookFloodGuard();
        services.Configure<PayloadRetentionOptions>(builder.Configuration.GetSection(PayloadRetentionOptions.Section));
        services.AddSingleton<PayloadPurge>();
        // CalAdmin:Webhooks:ApplyDeliveries=false stores and acknowledges deliveries without applying them
        // (a server that only receives; the next one that applies picks them up).
        if (builder.Configuration.GetValue("CalAdmin:Webhooks:ApplyDeliveries", true))
            services.AddHostedService(sp => sp.GetRequiredService<InboxProcessor>());
        return builder;
    }

    /// <summary><c>POST /webhooks/calcom</c>, and the daily <c>webhook-payload-purge</c>.</summary>
    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapCalComWebhook();
        app.ScheduleRecurring<PayloadPurgeJob>(PayloadPurgeJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), "0 3 * * *", "webhook-payload-purge");
        return app;
    }
}
