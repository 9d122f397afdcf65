using System.Text.Json;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// What every webhook path does once its guard let the request through (WebhooksService and the
/// CreateWebhookInputDto / UpdateWebhookInputDto validation of apps/api/v2/src/modules/webhooks).
/// </summary>
internal sealed class WebhookStore(SandboxState state, SandboxOptions options)
{
    private sealed record WebhookInput(string? SubscriberUrl, List<string>? Triggers, bool? Active, string? Secret, string? PayloadTemplate);

    private readonly IReadOnlySet<string> knownTriggers = TriggerCatalog.Parse(options.WebhookTriggers);

    public SandboxState State => state;

    public IResult List(HttpContext http, WebhookScope scope, int ownerId)
    {
        if (!Paging.TryRead(http, defaultTake: 250, out var paging, out var error)) return error!;
        lock (state.Gate)
            return ApiResults.Success(state.Webhooks.Where(w => w.Scope == scope && w.OwnerId == ownerId)
                .Skip(paging.Skip).Take(paging.Take).Select(Output).ToList());
    }

    public IResult Get(HttpContext http, WebhookScope scope, int ownerId, string id)
    {
        lock (state.Gate)
            return Find(http, scope, ownerId, id, out var webhook) ?? ApiResults.Success(Output(webhook!));
    }

    public async Task<IResult> CreateAsync(HttpContext http, WebhookScope scope, int ownerId)
    {
        var (input, error) = await ReadAsync(http);
        if (error is not null) return error;
        if (!Uri.TryCreate(input!.SubscriberUrl, UriKind.Absolute, out _)) return ApiResults.BadRequest(http, "subscriberUrl must be a URL address");
        if (input.Active is null) return ApiResults.BadRequest(http, "active must be a boolean value");
        if (input.Triggers is not { Count: > 0 }) return ApiResults.BadRequest(http, "triggers should not be empty");
        if (Refuse(http, input, null) is { } refused) return refused;

        lock (state.Gate)
        {
            if (state.Webhooks.Any(w => w.Scope == scope && w.OwnerId == ownerId && w.SubscriberUrl == input.SubscriberUrl))
                return ApiResults.Error(http, 409, "Webhook with this subscriber url already exists");
            var webhook = new SandboxWebhook
            {
                Id = state.NextWebhookId(), Scope = scope, OwnerId = ownerId, SubscriberUrl = input.SubscriberUrl!,
                Active = input.Active.Value, Secret = input.Secret, PayloadTemplate = input.PayloadTemplate,
            };
            webhook.Triggers.AddRange(input.Triggers.Distinct());
            state.Webhooks.Add(webhook);
            return ApiResults.Success(Output(webhook), StatusCodes.Status201Created);
        }
    }

    public async Task<IResult> UpdateAsync(HttpContext http, WebhookScope scope, int ownerId, string id)
    {
        var (input, error) = await ReadAsync(http);
        if (error is not null) return error;
        lock (state.Gate)
        {
            if (Find(http, scope, ownerId, id, out var webhook) is { } missing) return missing;
            if (input!.SubscriberUrl is not null && !Uri.TryCreate(input.SubscriberUrl, UriKind.Absolute, out _))
                return ApiResults.BadRequest(http, "subscriberUrl must be a URL address");
            if (Refuse(http, input, webhook!.SubscriberUrl) is { } refused) return refused;
            if (input.SubscriberUrl is not null) webhook.SubscriberUrl = input.SubscriberUrl;
            if (input.Active is { } active) webhook.Active = active;
            if (input.Secret is not null) webhook.Secret = input.Secret;
            if (input.PayloadTemplate is not null) webhook.PayloadTemplate = input.PayloadTemplate;
            if (input.Triggers is not null)
            {
                webhook.Triggers.Clear();
                webhook.Triggers.AddRange(input.Triggers.Distinct());
            }
            return ApiResults.Success(Output(webhook));
        }
    }

    public IResult Delete(HttpContext http, WebhookScope scope, int ownerId, string id)
    {
        lock (state.Gate)
        {
            if (Find(http, scope, ownerId, id, out var webhook) is { } missing) return missing;
            state.Webhooks.Remove(webhook!);
            return ApiResults.Success(Output(webhook!));
        }
    }

    private IResult? Find(HttpContext http, WebhookScope scope, int ownerId, string id, out SandboxWebhook? webhook)
    {
        webhook = state.Webhooks.FirstOrDefault(w => w.Id == id);
        if (webhook is null) return ApiResults.NotFound(http, $"Webhook ({id}) not found");
        return webhook.Scope == scope && webhook.OwnerId == ownerId ? null : ApiResults.Error(http, 403, "Webhook mismatch with event type");
    }

    /// <summary>
    /// One trigger the instance does not know fails the whole request: class-validator's IsEnum answers a 400 whose
    /// message NestJS reduces to "Bad Request Exception", without saying which trigger (HttpExceptionFilter sends no details).
    /// A subscriber URL is checked only when it is new or changed (validateWebhookUrlIfChanged).
    /// </summary>
    private IResult? Refuse(HttpContext http, WebhookInput input, string? currentUrl)
    {
        if (input.Triggers is not null && input.Triggers.Any(t => !knownTriggers.Contains(t)))
            return ApiResults.ErrorWithoutDetails(http, 400, "Bad Request Exception");
        if (options.RequirePublicHttpsSubscribers && input.SubscriberUrl is { } url && url != currentUrl
            && SubscriberUrlRule.Refusal(url) is { } reason)
            return ApiResults.BadRequest(http, $"Webhook URL is not allowed: {reason}");
        return null;
    }

    private static async Task<(WebhookInput? Input, IResult? Error)> ReadAsync(HttpContext http)
    {
        try
        {
            var input = await http.Request.ReadFromJsonAsync<WebhookInput>(ApiResults.Json, http.RequestAborted);
            return input is null ? (null, ApiResults.BadRequest(http, "Request body must be a JSON object")) : (input, null);
        }
        catch (JsonException)
        {
            return (null, ApiResults.BadRequest(http, "triggers must be an array of trigger names"));
        }
    }

    /// <summary>User/EventType/TeamWebhookOutputDto: the owner field name depends on the scope; the id is a UUID string.</summary>
    private static Dictionary<string, object?> Output(SandboxWebhook webhook)
    {
        var output = new Dictionary<string, object?>
        {
            ["id"] = webhook.Id,
            ["payloadTemplate"] = webhook.PayloadTemplate,
            ["triggers"] = webhook.Triggers,
            ["subscriberUrl"] = webhook.SubscriberUrl,
            ["active"] = webhook.Active,
            ["secret"] = webhook.Secret,
            ["version"] = WebhookDispatcher.WebhookVersion,
        };
        output[webhook.Scope switch { WebhookScope.User => "userId", WebhookScope.EventType => "eventTypeId", _ => "teamId" }] = webhook.OwnerId;
        return output;
    }
}
