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
        app.MapGet("/v2/event-types", (HttpContext http) =>
        {
            lock (state.Gate)
            {
                var me = http.KeyUser(state).Id;
                return ApiResults.Success(state.EventTypes.Where(e => e.OwnerId == me).Select(e => Output(e, state)).ToList());
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
    /// One shape for personal and team event types: the required fields of both schemas. Team event types'
    /// hosts are objects (the spec lists strings; the running API returns {userId,name,...,priority,weight}).
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
            ["requiresConfirmation"] = eventType.RequiresConfirmation,
            ["confirmationPolicy"] = eventType.RequiresConfirmation ? new { type = "always", blockUnconfirmedBookingsInBooker = true } : null,
            ["hidden"] = false,
            ["bookingRequiresAuthentication"] = false,
            ["ownerId"] = eventType.OwnerId,
            ["users"] = eventType.OwnerId is int userId && state.FindUser(userId) is { } user
                ? new[] { new { id = user.Id, name = user.Name, username = user.Username, avatarUrl = (string?)null, weekStart = "Monday", brandColor = (string?)null, darkBrandColor = (string?)null, metadata = new { } } }
                : [],
            ["schedulingType"] = eventType.SchedulingType,
            ["parentEventTypeId"] = eventType.ParentEventTypeId,
        };

        if (eventType.IsTeamEvent)
        {
            output["teamId"] = eventType.TeamId;
            output["assignAllTeamMembers"] = eventType.AssignAllTeamMembers;
            output["hosts"] = state.HostsOf(eventType).Select(h => state.FindUser(h.UserId) is { } u
                ? new { userId = u.Id, name = u.Name, username = u.Username, avatarUrl = (string?)null, mandatory = h.Mandatory, priority = h.PriorityName, weight = h.Weight }
                : null).Where(h => h is not null).ToList();
            output["team"] = new
            {
                id = state.Team.Id, slug = state.Team.Slug, bannerUrl = (string?)null, name = state.Team.Name, logoUrl = (string?)null,
                weekStart = "Monday", brandColor = (string?)null, darkBrandColor = (string?)null, theme = (string?)null,
            };
            if (eventType.SchedulingType == SchedulingTypes.Managed)
                output["children"] = state.EventTypes.Where(c => c.ParentEventTypeId == eventType.Id)
                    .Select(c => new { id = c.Id, ownerId = c.OwnerId }).ToList();
        }

        return output;
    }

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
