using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Webhooks;

public static class WebhookSetup
{
    /// <summary>The inbox and its applier; the change feed they publish to comes from <c>AddCalAdminChangeFeed</c>.</summary>
    public static WebApplicationBuilder AddCalComWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookInbox>();
        builder.Services.AddSingleton<ApplierLease>();
        builder.Services.AddSingleton<InboxProcessor>();
        builder.Services.AddScoped<DeliveryLog>();
        builder.Services.Configure<PayloadRetentionOptions>(builder.Configuration.GetSection(PayloadRetentionOptions.Section));
        builder.Services.AddSingleton<PayloadPurge>();
        builder.Services.AddHostedService<PayloadPurgeSchedule>();
        // CalAdmin:Webhooks:ApplyDeliveries=false stores and acknowledges deliveries without applying them
        // (a server that only receives; the next one that applies picks them up).
        if (builder.Configuration.GetValue("CalAdmin:Webhooks:ApplyDeliveries", true))
            builder.Services.AddHostedService(sp => sp.GetRequiredService<InboxProcessor>());
        return builder;
    }
}
