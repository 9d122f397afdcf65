using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Webhooks;

public sealed record SubscriptionStatus(string Scope, int? EventTypeId, string Name, bool Exists, bool Active, IReadOnlyList<string> MissingTriggers, int? WebhookId)
{
    public bool Healthy => Exists && Active && MissingTriggers.Count == 0;
}

public sealed record SubscriptionReport(Uri? WebhookUrl, IReadOnlyList<SubscriptionStatus> Subscriptions, string? Error)
{
    public bool Healthy => Error is null && Subscriptions.Count > 0 && Subscriptions.All(s => s.Healthy);
}

/// <summary>
/// Whether Cal.com will deliver to CalAdmin: one webhook per team event type (or one organization webhook) pointing at
/// this dashboard's <c>/webhooks/calcom</c> with the triggers CalAdmin applies. User-level webhooks do not fire for
/// team event types, so they do not count.
/// </summary>
public sealed class WebhookSubscriptions(CalComClient calCom, IOptions<CalComOptions> options, DashboardAddress address, WebhookSecrets secrets)
{
    public async Task<SubscriptionReport> CheckAsync(CancellationToken ct = default)
    {
        var url = address.WebhookUrl;
        try
        {
            var list = new List<SubscriptionStatus>();
            if (options.Value.OrganizationId is { } orgId)
            {
                var hooks = await calCom.GetAllOrganizationWebhooksAsync(orgId, ct);
                list.Add(Status("Organization", null, $"Organization {orgId}", hooks, url));
            }
            else
            {
                foreach (var eventType in await calCom.GetTeamEventTypesAsync(cancellationToken: ct))
                {
                    var hooks = await calCom.GetAllEventTypeWebhooksAsync(eventType.Id, ct);
                    list.Add(Status("Event type", eventType.Id, eventType.Title ?? eventType.Slug ?? $"#{eventType.Id}", hooks, url));
                }
            }
            return new SubscriptionReport(url, list, url is null ? "CalAdmin:PublicBaseUrl is not set, so CalAdmin cannot tell Cal.com where to deliver." : null);
        }
        catch (CalComException ex)
        {
            return new SubscriptionReport(url, [], ex.Message);
        }
    }

    /// <summary>Creates the missing subscriptions with the first webhook secret; returns how many it created.</summary>
    public async Task<int> CreateMissingAsync(CancellationToken ct = default)
    {
        var url = address.WebhookUrl ?? throw new InvalidOperationException("Set CalAdmin:PublicBaseUrl so Cal.com knows where to deliver.");
        var secret = secrets.Current.FirstOrDefault() ?? throw new InvalidOperationException("Set CalCom:WebhookSecrets first: CalAdmin refuses unsigned deliveries.");
        var report = await CheckAsync(ct);
        if (report.Error is not null && report.Subscriptions.Count == 0) throw new InvalidOperationException(report.Error);

        var created = 0;
        foreach (var missing in report.Subscriptions.Where(s => !s.Exists))
        {
            var request = new CreateWebhookRequest(true, url.ToString(), Triggers.Needed, secret);
            if (missing.EventTypeId is { } eventTypeId)
                await calCom.CreateEventTypeWebhookAsync(eventTypeId, request, ct);
            else
                await calCom.CreateOrganizationWebhookAsync(request, cancellationToken: ct);
            created++;
        }
        return created;
    }

    private static SubscriptionStatus Status(string scope, int? eventTypeId, string name, IReadOnlyList<CalComWebhook> hooks, Uri? url)
    {
        var ours = url is null ? null : hooks.FirstOrDefault(h => Uri.TryCreate(h.SubscriberUrl, UriKind.Absolute, out var u) && u == url);
        var missing = ours is null ? Triggers.Needed : Triggers.Needed.Except(ours.Triggers ?? []).ToArray();
        return new SubscriptionStatus(scope, eventTypeId, name, ours is not null, ours?.Active ?? false, missing, ours?.Id);
    }
}
