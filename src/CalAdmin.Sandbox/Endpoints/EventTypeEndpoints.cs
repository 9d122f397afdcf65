using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Event types in the 2024-06-14 shape: personal ones under /v2/event-types, team ones under /v2/teams/{id}/event-types.</summary>
internal static class EventTypeEndpoints
{
    public static void MapEventTypeEndpoints(this IEndpointRouteBuilder app, SandboxState state)
    {
        // event-types.service.ts getEventTypes: username + eventSlug finds that user's event type (a managed child too:
        // it has the parent's slug), username alone lists the user's event types, neither lists the key owner's.
        app.MapGet("/v2/event-types", (HttpContext http) =>
        {
            var username = http.Request.Query["username"].ToString();
            var slug = http.Request.Query["eventSlug"].ToString();
            lock (state.Gate)
            {
                var ownerId = username.Length == 0 ? http.KeyUser(state).Id : state.Users.FirstOrDefault(u => u.Username == username)?.Id;
                return ApiResults.Success(state.EventTypes
                    .Where(e => ownerId is not null && e.OwnerId == ownerId && (slug.Length == 0 || username.Length == 0 || e.Slug == slug))
                    .Select(e => Output(e, state)).ToList());
            }
        }).RequireCalApiVersion(ApiVersions.EventTypes);

        app.MapGet("/v2/event-types/{eventTypeId:int}", (int eventTypeId, HttpContext http) =>
        {
            lock (state.Gate)
                return state.FindEventType(eventTypeId) is { } eventType
                    ? ApiResults.Success(Output(eventType, state))
                    : ApiResults.NotFound(http, $"Event type with id={eventTypeId} not found");
        }).RequireCalApiVersion(ApiVersions.EventTypes);

        app.MapGet("/v2/teams/{teamId:int}/event-types", (int teamId, HttpContext http) =>
        {
            var slug = http.Request.Query["eventSlug"].ToString();
            lock (state.Gate)
                return ApiResults.Success(state.EventTypes
                    .Where(e => e.TeamId == teamId && (slug.Length == 0 || e.Slug == slug))
                    .Select(e => Output(e, state)).ToList());
        });
    }

    /// <summary>
    /// The 2024-06-14 / 2026-06-12 shape, as Cal.com's output services write it
    /// (platform/event-types/event-types_2024_06_14/services/output-event-types.service.ts for personal event types,
    /// modules/teams/event-types/services/output-team-event-types.service.ts for team ones).
    /// </summary>
    public static Dictionary<string, object?> Output(SandboxEventType eventType, SandboxState state)
    {
        var output = new Dictionary<string, object?>
        {
            ["id"] = eventType.Id,
            ["lengthInMinutes"] = eventType.LengthInMinutes,
            ["title"] = eventType.Title,
            ["slug"] = eventType.Slug,
            ["description"] = eventType.Description,
            ["locations"] = new[] { new { type = "integration", integration = "cal-video" } },
            ["bookingFields"] = BookingFields(eventType),
            ["disableGuests"] = false,
            ["slotInterval"] = null,
            ["minimumBookingNotice"] = eventType.MinimumBookingNoticeMinutes,
            ["beforeEventBuffer"] = 0,
            ["afterEventBuffer"] = 0,
            ["recurrence"] = null,
            ["metadata"] = new { },
            ["price"] = 0,
            ["currency"] = "usd",
            ["lockTimeZoneToggleOnBookingPage"] = false,
            ["seatsPerTimeSlot"] = null,
            ["forwardParamsSuccessRedirect"] = null,
            ["successRedirectUrl"] = null,
            ["isInstantEvent"] = false,
            ["scheduleId"] = eventType.OwnerId is int owner ? 3000 + owner : null,
            ["confirmationPolicy"] = ConfirmationPolicy(eventType),
            ["hidden"] = false,
            ["bookingRequiresAuthentication"] = false,
            ["bookingUrl"] = BookingUrl(eventType, state),
        };
        // output-event-types.service.ts: lengthInMinutesOptions is metadata.multipleDuration, absent when not set.
        if (eventType.LengthOptions.Count > 0) output["lengthInMinutesOptions"] = eventType.LengthOptions.ToList();
        if (eventType.IsTeamEvent) AddTeamFields(output, eventType, state);
        else AddPersonalFields(output, eventType, state);
        return output;
    }

    /// <summary>
    /// transformRequiresConfirmationInternalToApi: <c>{disabled: true}</c> when no confirmation is needed, else
    /// <c>{type: "always", blockUnconfirmedBookingsInBooker}</c>; the 2024-06-14 output never has <c>requiresConfirmation</c>.
    /// </summary>
    public static object ConfirmationPolicy(SandboxEventType eventType) => eventType.RequiresConfirmation
        ? new { type = "always", blockUnconfirmedBookingsInBooker = eventType.BlockUnconfirmedBookings }
        : new { disabled = true };

    /// <summary>A personal event type (a managed child too) names its owner and users; no team, hosts or parent fields.</summary>
    private static void AddPersonalFields(Dictionary<string, object?> output, SandboxEventType eventType, SandboxState state)
    {
        output["ownerId"] = eventType.OwnerId;
        output["users"] = eventType.OwnerId is int userId && state.FindUser(userId) is { } user
            ? new[] { new { id = user.Id, name = user.Name, username = user.Username, avatarUrl = (string?)null, weekStart = "Monday", brandColor = (string?)null, darkBrandColor = (string?)null, metadata = new { } } }
            : [];
    }

    /// <summary>
    /// A team event type has no <c>users</c> and no <c>children</c>. A managed one's hosts are its children's owners
    /// (getManagedEventTypeHosts); round-robin hosts carry mandatory and priority, collective ones neither; no host
    /// carries a weight.
    /// </summary>
    private static void AddTeamFields(Dictionary<string, object?> output, SandboxEventType eventType, SandboxState state)
    {
        output["teamId"] = eventType.TeamId;
        output["ownerId"] = null;
        output["parentEventTypeId"] = eventType.ParentEventTypeId;
        output["schedulingType"] = eventType.SchedulingType;
        output["assignAllTeamMembers"] = eventType.AssignAllTeamMembers;
        var hostIds = eventType.SchedulingType == SchedulingTypes.Managed
            ? state.EventTypes.Where(c => c.ParentEventTypeId == eventType.Id && c.OwnerId is not null).Select(c => new EventTypeHost(c.OwnerId!.Value)).ToList()
            : state.HostsOf(eventType);
        output["hosts"] = hostIds.Select(h => state.FindUser(h.UserId) is { } u ? HostOutput(eventType, h, u) : null).Where(h => h is not null).ToList();
        output["team"] = new
        {
            id = state.Team.Id, slug = state.Team.Slug, bannerUrl = (string?)null, name = state.Team.Name, logoUrl = (string?)null,
            weekStart = "Monday", brandColor = (string?)null, darkBrandColor = (string?)null, theme = (string?)null,
        };
    }

    private static object HostOutput(SandboxEventType eventType, EventTypeHost host, SandboxUser user) =>
        eventType.SchedulingType == SchedulingTypes.RoundRobin
            ? new { userId = user.Id, name = user.Name, username = user.Username, mandatory = host.Mandatory, priority = host.PriorityName, avatarUrl = (string?)null }
            : new { userId = user.Id, name = user.Name, username = user.Username, avatarUrl = (string?)null };

    private static string BookingUrl(SandboxEventType eventType, SandboxState state) =>
        eventType.OwnerId is int owner && state.FindUser(owner) is { } user ? $"https://cal.com/{user.Username}/{eventType.Slug}"
        : eventType.IsTeamEvent ? $"https://cal.com/team/{state.Team.Slug}/{eventType.Slug}" : "";

    private static List<object> BookingFields(SandboxEventType eventType)
    {
        List<object> fields =
        [
            new { type = "name", slug = "name", label = "Your name", placeholder = "", required = true, isDefault = true },
            new { type = "email", slug = "email", label = "Email address", placeholder = "", required = true, isDefault = true },
            new { type = "radioInput", slug = "location", label = "Location", required = false, hidden = false, isDefault = true },
        ];
        fields.AddRange(eventType.BookingFields.Select(f => new
        {
            type = f.Type, slug = f.Slug, label = f.Label, required = f.Required, placeholder = f.Placeholder, hidden = false, isDefault = false,
        }));
        return fields;
    }
}
