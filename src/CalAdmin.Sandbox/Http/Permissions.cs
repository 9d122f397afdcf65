using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Sandbox.Http;

/// <summary>
/// Cal.com's role checks, with its 403 texts: RolesGuard (apps/api/v2/src/modules/auth/guards/roles/roles.guard.ts)
/// and IsAdminAPIEnabledGuard (apps/api/v2/src/modules/auth/guards/organizations/is-admin-api-enabled.guard.ts).
/// The sandbox user's team role is also their organization role. Each method answers null when the caller may go on.
/// </summary>
internal static class Permissions
{
    public const string TeamAdmin = "TEAM_ADMIN";
    public const string OrgAdmin = "ORG_ADMIN";

    public static bool IsAdminOrOwner(SandboxUser user) => user.Role is "OWNER" or "ADMIN";

    /// <summary>RolesGuard for a /v2/teams/{teamId}/… endpoint that needs a team admin or owner.</summary>
    public static IResult? RequireTeamAdmin(HttpContext http, SandboxState state, SandboxUser caller, int teamId)
    {
        if (teamId != state.Team.Id || state.FindUser(caller.Id) is null)
            return ApiResults.Error(http, 403, $"RolesGuard - User is not a member of the team with id={teamId}.");
        return IsAdminOrOwner(caller) ? null
            : ApiResults.Error(http, 403, $"RolesGuard - user with id={caller.Id} does not have the minimum required role={TeamAdmin} within team with id={teamId}.");
    }

    /// <summary>
    /// RolesGuard and IsAdminAPIEnabledGuard for /v2/organizations/{orgId}/…: an organization admin (with a team in the
    /// path, the team role counts too, but here both are the same role), and the organization's Admin API.
    /// </summary>
    public static IResult? RequireOrgAdmin(HttpContext http, SandboxState state, SandboxOptions options, SandboxUser caller, int orgId, int? teamId = null)
    {
        if (orgId != state.Organization.Id || state.FindUser(caller.Id) is null)
            return ApiResults.Error(http, 403, $"RolesGuard - User is not a member of the organization with id={orgId}.");
        if (!IsAdminOrOwner(caller))
        {
            var role = teamId is null ? OrgAdmin : TeamAdmin;
            var within = teamId is null ? $"organization with id={orgId}" : $"organization with id={orgId} team with id={teamId}";
            return ApiResults.Error(http, 403, $"RolesGuard - user with id={caller.Id} does not have the minimum required role={role} within {within}.");
        }
        return options.OrganizationAdminApi ? null
            : ApiResults.Error(http, 403, $"IsAdminAPIEnabledGuard - Organization with id={orgId} does not have Admin API access. Please contact https://cal.com/sales to upgrade.");
    }

    /// <summary>
    /// BookingsService_2024_08_13.reassignBooking: only an admin or owner of the event type (its team's admins, or the
    /// owner of a personal one) may reassign; else 403 BOOKING_REASSIGN_PERMISSION_ERROR.
    /// </summary>
    public static IResult? RequireEventTypeAdmin(HttpContext http, SandboxState state, SandboxUser caller, SandboxEventType? eventType)
    {
        var allowed = eventType is null
            || (eventType.IsTeamEvent ? IsAdminOrOwner(caller) : eventType.OwnerId == caller.Id || IsAdminOrOwner(caller) && eventType.ParentEventTypeId is not null);
        return allowed ? null : ApiResults.Error(http, 403, "You do not have permission to reassign this booking");
    }
}
