using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// Webhook subscriptions of the key's user, of the user's own event types, of a team's event types and of the
/// organization: list, get, create, update (PATCH) and delete each, behind the guard Cal.com puts on that path.
/// </summary>
internal static class WebhookEndpoints
{
    /// <summary>Whose webhooks a path addresses, or why the key's user may not touch them.</summary>
    private readonly record struct Access(WebhookScope Scope, int OwnerId, IResult? Refusal);

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app, SandboxState state, SandboxOptions options)
    {
        var store = new WebhookStore(state, options);

        MapCrud(app, "/v2/webhooks", store, (http, caller, _) => new(WebhookScope.User, caller.Id, null));

        // IsUserEventTypeWebhookGuard (apps/api/v2/src/modules/webhooks/guards/is-user-event-type-webhook-guard.ts):
        // only event types the key's user owns, so a team event type is refused.
        MapCrud(app, "/v2/event-types/{eventTypeId:int}/webhooks", store, (http, caller, _) =>
        {
            var id = RouteInt(http, "eventTypeId");
            var eventType = state.FindEventType(id);
            IResult? refusal = eventType is null ? ApiResults.NotFound(http, $"IsUserEventTypeWebhookGuard - Event type ({id}) not found")
                : eventType.OwnerId != caller.Id ? ApiResults.Error(http, 403, $"IsUserEventTypeWebhookGuard - User ({caller.Id}) is not the owner of event type ({id})")
                : null;
            return new(WebhookScope.EventType, id, refusal);
        });

        // TeamsEventTypesWebhooksController: RolesGuard (TEAM_ADMIN to change, TEAM_MEMBER to read), then
        // IsTeamEventTypeWebhookGuard, which wants a team admin or owner for every operation.
        MapCrud(app, "/v2/teams/{teamId:int}/event-types/{eventTypeId:int}/webhooks", store, (http, caller, write) =>
        {
            var teamId = RouteInt(http, "teamId");
            var id = RouteInt(http, "eventTypeId");
            var refusal = teamId != state.Team.Id || write ? Permissions.RequireTeamAdmin(http, state, caller, teamId) : null;
            refusal ??= !Permissions.IsAdminOrOwner(caller)
                ? ApiResults.Error(http, 403, $"IsTeamEventTypeWebhookGuard - User ({caller.Id}) is not an admin/owner of team ({teamId})")
                : state.FindEventType(id) is not { } eventType || eventType.TeamId != teamId
                    ? ApiResults.NotFound(http, $"IsTeamEventTypeWebhookGuard - Event type ({id}) not found for team ({teamId})")
                    : null;
            return new(WebhookScope.EventType, id, refusal);
        });

        MapCrud(app, "/v2/organizations/{orgId:int}/webhooks", store, (http, caller, _) =>
        {
            var orgId = RouteInt(http, "orgId");
            return new(WebhookScope.Organization, orgId, Permissions.RequireOrgAdmin(http, state, options, caller, orgId));
        });
    }

    private static void MapCrud(IEndpointRouteBuilder app, string prefix, WebhookStore store, Func<HttpContext, SandboxUser, bool, Access> authorize)
    {
        var group = app.MapGroup(prefix);
        // Cast to Delegate: a lambda of HttpContext alone would be taken as a RequestDelegate and its result discarded.
        group.MapGet("/", (Delegate)((HttpContext http) => Guarded(http, store, authorize, false, a => Task.FromResult(store.List(http, a.Scope, a.OwnerId)))));
        group.MapPost("/", (Delegate)((HttpContext http) => Guarded(http, store, authorize, true, a => store.CreateAsync(http, a.Scope, a.OwnerId))));
        group.MapGet("/{webhookId}", (string webhookId, HttpContext http) =>
            Guarded(http, store, authorize, false, a => Task.FromResult(store.Get(http, a.Scope, a.OwnerId, webhookId))));
        group.MapPatch("/{webhookId}", (string webhookId, HttpContext http) =>
            Guarded(http, store, authorize, true, a => store.UpdateAsync(http, a.Scope, a.OwnerId, webhookId)));
        group.MapDelete("/{webhookId}", (string webhookId, HttpContext http) =>
            Guarded(http, store, authorize, true, a => Task.FromResult(store.Delete(http, a.Scope, a.OwnerId, webhookId))));
    }

    private static Task<IResult> Guarded(HttpContext http, WebhookStore store, Func<HttpContext, SandboxUser, bool, Access> authorize, bool write,
        Func<Access, Task<IResult>> then)
    {
        Access access;
        lock (store.State.Gate) access = authorize(http, http.KeyUser(store.State), write);
        return access.Refusal is { } refusal ? Task.FromResult(refusal) : then(access);
    }

    private static int RouteInt(HttpContext http, string name) => int.Parse((string)http.Request.RouteValues[name]!);
}
