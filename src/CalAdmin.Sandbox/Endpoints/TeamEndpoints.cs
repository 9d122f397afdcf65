using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>Who the key belongs to, the teams and their members (team and organization views).</summary>
internal static class TeamEndpoints
{
    public static void MapTeamEndpoints(this IEndpointRouteBuilder app, SandboxState state, SandboxOptions options)
    {
        app.MapGet("/v2/me", (HttpContext http) =>
        {
            lock (state.Gate)
            {
                var me = http.KeyUser(state);
                return ApiResults.Success(new
                {
                    // avatarUrl, bio and locale are required in the 2026 docs' MeOutput (null when the user set none).
                    id = me.Id, username = me.Username, email = me.Email, name = me.Name, avatarUrl = (string?)null, bio = (string?)null, locale = "en",
                    timeFormat = 24, defaultScheduleId = 3000 + me.Id,
                    weekStart = "Monday", timeZone = me.TimeZone, organizationId = state.Organization.Id,
                    organization = new { isPlatform = false, id = state.Organization.Id },
                });
            }
        });

        app.MapGet("/v2/teams", () =>
        {
            lock (state.Gate)
                return ApiResults.Success(new[] { TeamOutput(state.Team) });
        });

        // TeamsMembershipsController: @Roles("TEAM_ADMIN") on every operation.
        app.MapGet("/v2/teams/{teamId:int}/memberships", (int teamId, HttpContext http) =>
            Guard(http, state, caller => Permissions.RequireTeamAdmin(http, state, caller, teamId)) ?? Memberships(http, state));

        app.MapGet("/v2/organizations/{orgId:int}/teams/{teamId:int}/memberships", (int orgId, int teamId, HttpContext http) =>
            Guard(http, state, caller => Permissions.RequireOrgAdmin(http, state, options, caller, orgId, teamId))
            ?? (teamId != state.Team.Id ? ApiResults.NotFound(http, $"Team with id {teamId} not found") : Memberships(http, state)));

        app.MapGet("/v2/organizations/{orgId:int}/users", (int orgId, HttpContext http) =>
        {
            if (Guard(http, state, caller => Permissions.RequireOrgAdmin(http, state, options, caller, orgId)) is { } refusal) return refusal;
            if (!Paging.TryRead(http, defaultTake: 250, out var paging, out var error)) return error!;
            var emails = http.Request.Query["emails"].SelectMany(e => e!.Split(',')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            lock (state.Gate)
            {
                var users = state.Users.Where(u => emails.Count == 0 || emails.Contains(u.Email)).ToList();
                var page = users.Skip(paging.Skip).Take(paging.Take).Select(u => OrgUserOutput(u, state)).ToList();
                return ApiResults.Paged(page, Pagination.Of(users.Count, paging.Skip, paging.Take, page.Count));
            }
        });
    }

    private static IResult? Guard(HttpContext http, SandboxState state, Func<SandboxUser, IResult?> check)
    {
        lock (state.Gate) return check(http.KeyUser(state));
    }

    private static IResult Memberships(HttpContext http, SandboxState state)
    {
        if (!Paging.TryRead(http, defaultTake: 250, out var paging, out var error)) return error!;
        lock (state.Gate)
        {
            // The spec says data is one object; the running API (and this sandbox) return an array.
            var page = state.Users.Skip(paging.Skip).Take(paging.Take).Select(u => MembershipOutput(u, state.Team.Id)).ToList();
            return ApiResults.Success(page);
        }
    }

    public static object TeamOutput(SandboxTeam team) => new
    {
        id = team.Id, parentId = team.ParentId, name = team.Name, slug = team.Slug, logoUrl = (string?)null, bio = "",
        hideBranding = false, isOrganization = team.IsOrganization, isPrivate = false, hideBookATeamMember = false,
        timeZone = "Europe/Berlin", weekStart = "Monday",
    };

    private static object MembershipOutput(SandboxUser user, int teamId) => new
    {
        id = user.MembershipId, userId = user.Id, teamId, accepted = user.Accepted, role = user.Role, disableImpersonation = false,
        user = new { avatarUrl = (string?)null, username = user.Username, name = user.Name, email = user.Email, bio = (string?)null, metadata = new { } },
    };

    private static object OrgUserOutput(SandboxUser user, SandboxState state) => new
    {
        id = user.Id, username = user.Username, name = user.Name, email = user.Email, emailVerified = ApiResults.Iso(user.CreatedDate),
        bio = (string?)null, avatarUrl = (string?)null, timeZone = user.TimeZone, weekStart = "Monday", defaultScheduleId = 3000 + user.Id,
        locale = "en", timeFormat = 24, hideBranding = false, allowDynamicBooking = true, createdDate = ApiResults.Iso(user.CreatedDate),
        verified = true, metadata = new { },
        profile = new { id = user.OrgMembershipId, organizationId = state.Organization.Id, userId = user.Id, username = user.Username },
    };
}
