using System.Net;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>A trigger CalAdmin applies that a subscription lacks, and why.</summary>
public sealed record MissingTrigger(string Trigger, string Why, bool InstanceLacksIt);

public sealed record SubscriptionStatus(string Scope, int? EventTypeId, string Name, bool Exists, bool Active, IReadOnlyList<MissingTrigger> Missing, string? WebhookId)
{
    public IReadOnlyList<string> MissingTriggers => Missing.Select(m => m.Trigger).ToList();

    /// <summary>The triggers the subscription has now (kept when CalAdmin adds its own).</summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    /// <summary>Missing triggers CalAdmin could still add (those this Cal.com knows).</summary>
    public bool CanBeCompleted => Missing.Any(m => !m.InstanceLacksIt);

    /// <summary>Subscribed to everything this Cal.com offers of what CalAdmin applies.</summary>
    public bool Healthy => Exists && Active && !CanBeCompleted;
}

public sealed record SubscriptionReport(Uri? WebhookUrl, IReadOnlyList<SubscriptionStatus> Subscriptions, string? Error)
{
    public bool Healthy => Error is null && Subscriptions.Count > 0 && Subscriptions.All(s => s.Healthy);
}

/// <summary>
/// Whether Cal.com will deliver to CalAdmin: one webhook per team event type (or one organization webhook) pointing at
/// this dashboard's <c>/webhooks/calcom</c> with the triggers CalAdmin applies. User-level webhooks do not fire for
/// team event types, so they do not count; team event types' webhooks live under /v2/teams/{teamId}/event-types/{id}/webhooks
/// (the /v2/event-types/{id}/webhooks path is only for the key owner's own event types).
/// </summary>
public sealed class WebhookSubscriptions(
    CalComClient calCom, IOptions<CalComOptions> options, DashboardAddress address, WebhookSecrets secrets, InstanceTriggers instance)
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
                    var hooks = await calCom.GetAllTeamEventTypeWebhooksAsync(eventType.Id, eventType.TeamId, ct);
                    list.Add(Status("Event type", eventType.Id, eventType.Title ?? eventType.Slug ?? $"#{eventType.Id}", hooks, url));
                }
            }
            return new SubscriptionReport(url, list, url is null ? "CalAdmin:PublicBaseUrl is not set, so CalAdmin cannot tell Cal.com where to deliver." : null);
        }
        catch (CalComException ex)
        {
            return new SubscriptionReport(url, [], ex.StatusCode == HttpStatusCode.Forbidden
                ? $"{ex.Message}. Reading and creating webhooks of team event types needs a team admin's or owner's API key."
                : ex.Message);
        }
    }

    /// <summary>
    /// Creates the missing subscriptions (with the first webhook secret) and completes incomplete or inactive ones;
    /// returns how many it created or changed.
    /// </summary>
    public async Task<int> CreateMissingAsync(CancellationToken ct = default)
    {
        var url = address.WebhookUrl ?? throw new InvalidOperationException("Set CalAdmin:PublicBaseUrl so Cal.com knows where to deliver.");
        var secret = secrets.Current.FirstOrDefault() ?? throw new InvalidOperationException("Set CalCom:WebhookSecrets first: CalAdmin refuses unsigned deliveries.");
        var report = await CheckAsync(ct);
        if (report.Error is not null && report.Subscriptions.Count == 0) throw new InvalidOperationException(report.Error);

        var changed = 0;
        foreach (var status in report.Subscriptions.Where(s => !s.Healthy))
        {
            if (!status.Exists)
                await SubscribeAsync(triggers => Create(status.EventTypeId, new CreateWebhookRequest(true, url.ToString(), triggers, secret), ct), ct);
            else if (status is { EventTypeId: { } eventTypeId, WebhookId: { } webhookId })
                // The subscription's current triggers stay; CalAdmin's are added (PATCH replaces the list).
                await SubscribeAsync(triggers => calCom.UpdateTeamEventTypeWebhookAsync(eventTypeId, webhookId,
                    new UpdateWebhookRequest(triggers.Union(status.Kept).ToList(), Active: true), cancellationToken: ct), ct);
            else continue; // An incomplete organization webhook is completed in Cal.com's settings.
            changed++;
        }
        return changed;
    }

    private Task<CalComWebhook> Create(int? eventTypeId, CreateWebhookRequest request, CancellationToken ct) => eventTypeId is { } id
        ? calCom.CreateTeamEventTypeWebhookAsync(id, request, cancellationToken: ct)
        : calCom.CreateOrganizationWebhookAsync(request, cancellationToken: ct);

    /// <summary>
    /// Subscribes with every trigger CalAdmin applies that this Cal.com is not known to lack. Cal.com refuses the whole
    /// request when one trigger is unknown to it, with a 400 that names none: then CalAdmin asks once more without the
    /// triggers older builds lack, so one unknown trigger never costs all the others, and remembers what was refused.
    /// </summary>
    private async Task SubscribeAsync(Func<IReadOnlyList<string>, Task<CalComWebhook>> send, CancellationToken ct)
    {
        var triggers = Triggers.Needed.Except(instance.Unknown).ToList();
        try
        {
            await send(triggers);
        }
        catch (CalComException first) when (first.StatusCode == HttpStatusCode.BadRequest && triggers.Any(InstanceTriggers.Newer.ContainsKey))
        {
            ct.ThrowIfCancellationRequested();
            var older = triggers.Where(t => !InstanceTriggers.Newer.ContainsKey(t)).ToList();
            try
            {
                await send(older);
            }
            catch (CalComException) when (!ct.IsCancellationRequested)
            {
                throw first; // Not the triggers after all (the URL, say): Cal.com's first answer says more.
            }
            instance.MarkUnknown(triggers.Except(older));
        }
    }

    private SubscriptionStatus Status(string scope, int? eventTypeId, string name, IReadOnlyList<CalComWebhook> hooks, Uri? url)
    {
        var ours = url is null ? null : hooks.FirstOrDefault(h => Uri.TryCreate(h.SubscriberUrl, UriKind.Absolute, out var u) && u == url);
        var lacking = ours is null ? Triggers.Needed : Triggers.Needed.Except(ours.Triggers ?? []).ToArray();
        var unknown = instance.Unknown;
        var missing = lacking.Select(t => new MissingTrigger(t, instance.Why(t), unknown.Contains(t))).ToList();
        return new SubscriptionStatus(scope, eventTypeId, name, ours is not null, ours?.Active ?? false, missing, ours?.Id) { Kept = ours?.Triggers ?? [] };
    }
}
