using System.Text.Json.Nodes;
using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox.Webhooks;

public sealed partial class WebhookDispatcher
{
    /// <summary>
    /// OOO_CREATED as Cal.com's outOfOfficeCreateOrUpdate sends it: to the away user's own webhooks and to the
    /// organization's (event-type webhooks do not hear it). Caller holds the state lock.
    /// </summary>
    internal void PublishOutOfOffice(SandboxOutOfOffice entry)
    {
        var payload = OutOfOfficePayloads.For(entry, state);
        var createdAt = state.Now;
        foreach (var webhook in state.Webhooks.Where(w => w.Active && w.Triggers.Contains(WebhookTriggers.OutOfOfficeCreated)))
        {
            var hears = webhook.Scope switch
            {
                WebhookScope.User => webhook.OwnerId == entry.UserId,
                WebhookScope.Organization => webhook.OwnerId == state.Organization.Id,
                _ => false,
            };
            if (!hears) continue;
            var envelope = new JsonObject
            {
                ["triggerEvent"] = WebhookTriggers.OutOfOfficeCreated,
                ["createdAt"] = createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                ["payload"] = payload.DeepClone(),
            };
            var body = string.IsNullOrEmpty(webhook.PayloadTemplate) ? envelope.ToJsonString(Http.ApiResults.Json) : ApplyTemplate(webhook.PayloadTemplate, envelope);
            queue.Writer.TryWrite(new PendingDelivery(webhook.Id, webhook.SubscriberUrl, WebhookTriggers.OutOfOfficeCreated, body, Sign(body, webhook.Secret)));
        }
    }
}
