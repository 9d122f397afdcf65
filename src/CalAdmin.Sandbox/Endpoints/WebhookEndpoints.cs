using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Webhook subscriptions of the user, of an event type, and of the organization.</summary>
internal static class WebhookEndpoints
{
    private sealed record CreateWebhookRequest(string? SubscriberUrl, List<string>? Triggers, bool? Active, string? Secret, string? PayloadTemplate);

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app, SandboxState state)
    {
        app.MapGet("/v2/webhooks", (HttpContext http) => List(http, state, WebhookScope.User, state.MeUserId));
        app.MapPost("/v2/webhooks", (Delegate)((HttpContext http) => CreateAsync(http, state, WebhookScope.User, state.MeUserId)));

        app.MapGet("/v2/event-types/{eventTypeId:int}/webhooks", (int eventTypeId, HttpContext http) =>
            EventTypeExists(state, eventTypeId) ? List(http, state, WebhookScope.EventType, eventTypeId)
                : ApiResults.NotFound(http, $"Event type with id={eventTypeId} not found"));
        app.MapPost("/v2/event-types/{eventTypeId:int}/webhooks", (int eventTypeId, HttpContext http) =>
            EventTypeExists(state, eventTypeId) ? CreateAsync(http, state, WebhookScope.EventType, eventTypeId)
                : Task.FromResult(ApiResults.NotFound(http, $"Event type with id={eventTypeId} not found")));

        app.MapGet("/v2/organizations/{orgId:int}/webhooks", (int orgId, HttpContext http) =>
            orgId == state.Organization.Id ? List(http, state, WebhookScope.Organization, orgId)
                : ApiResults.Error(http, 403, "You are not a member of this organization"));
        app.MapPost("/v2/organizations/{orgId:int}/webhooks", (int orgId, HttpContext http) =>
            orgId == state.Organization.Id ? CreateAsync(http, state, WebhookScope.Organization, orgId)
                : Task.FromResult(ApiResults.Error(http, 403, "You are not a member of this organization")));
    }

    private static bool EventTypeExists(SandboxState state, int id)
    {
        lock (state.Gate) return state.FindEventType(id) is not null;
    }

    private static IResult List(HttpContext http, SandboxState state, WebhookScope scope, int ownerId)
    {
        if (!Paging.TryRead(http, defaultTake: 250, out var paging, out var error)) return error!;
        lock (state.Gate)
            return ApiResults.Success(state.Webhooks.Where(w => w.Scope == scope && w.OwnerId == ownerId)
                .Skip(paging.Skip).Take(paging.Take).Select(Output).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SandboxState state, WebhookScope scope, int ownerId)
    {
        CreateWebhookRequest? request;
        try { request = await http.Request.ReadFromJsonAsync<CreateWebhookRequest>(ApiResults.Json, http.RequestAborted); }
        catch (System.Text.Json.JsonException) { return ApiResults.BadRequest(http, "triggers must be an array of trigger names"); }
        if (request is null || !Uri.TryCreate(request.SubscriberUrl, UriKind.Absolute, out _))
            return ApiResults.BadRequest(http, "subscriberUrl must be a URL address");
        if (request.Active is null) return ApiResults.BadRequest(http, "active must be a boolean value");
        if (request.Triggers is not { Count: > 0 }) return ApiResults.BadRequest(http, "triggers should not be empty");

        lock (state.Gate)
        {
            if (state.Webhooks.Any(w => w.Scope == scope && w.OwnerId == ownerId && w.SubscriberUrl == request.SubscriberUrl))
                return ApiResults.Error(http, 409, "Webhook with this subscriber url already exists");
            var webhook = new SandboxWebhook
            {
                Id = state.NextWebhookId(), Scope = scope, OwnerId = ownerId, SubscriberUrl = request.SubscriberUrl!,
                Active = request.Active.Value, Secret = request.Secret, PayloadTemplate = request.PayloadTemplate,
            };
            webhook.Triggers.AddRange(request.Triggers);
            state.Webhooks.Add(webhook);
            return ApiResults.Success(Output(webhook), StatusCodes.Status201Created);
        }
    }

    /// <summary>User/EventType/TeamWebhookOutputDto: the owner field name depends on the scope.</summary>
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
        };
        output[webhook.Scope switch { WebhookScope.User => "userId", WebhookScope.EventType => "eventTypeId", _ => "teamId" }] = webhook.OwnerId;
        return output;
    }
}
