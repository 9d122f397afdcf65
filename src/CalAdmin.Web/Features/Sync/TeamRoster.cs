using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

/// <summary>A Cal.com user as the team (or organization) list names it.</summary>
public sealed record TeamMember(int UserId, string? Email, string? Username, string? Name, string? AvatarUrl, string? Role, string? TimeZone, bool Accepted);

/// <summary>What Cal.com says the team is: its members (deduplicated by user id) and its event types with their hosts.</summary>
public sealed record Roster(IReadOnlyList<TeamMember> Members, IReadOnlyList<CalComEventType> EventTypes, int MembershipPages, int EventTypeCalls, int Restarts);

/// <summary>
/// Reads the team from Cal.com: the members (the organization's users when CalCom:OrganizationId is set) in pages that
/// overlap by one, so a member who joins or leaves meanwhile never makes a run see someone twice or miss someone
/// (<see cref="CalComClient.ReadTeamMembershipsAsync"/>), then the team's event types.
/// </summary>
public sealed class TeamRoster(CalComClient client, IOptions<CalComOptions> options, SyncProgress progress)
{
    public const int PageSize = CalComClient.LargestPage;

    public async Task<Roster> ReadAsync(Action<int, int>? onPage, CancellationToken ct)
    {
        var calCom = options.Value;
        var teamId = calCom.TeamId ?? throw new CalComException("CalCom:TeamId is not configured", "read team memberships");
        void Page(int pages, int members)
        {
            onPage?.Invoke(pages, members);
            progress.MembershipPage(pages);
        }
        var (members, pages, restarts) = calCom.OrganizationId is { } orgId
            ? Members(await client.ReadOrganizationUsersAsync(orgId, Page, ct), FromOrganizationUser)
            : Members(await client.ReadTeamMembershipsAsync(teamId, Page, ct), FromMembership);
        var eventTypes = await client.GetTeamEventTypesAsync(teamId, ct);
        return new Roster(members.DistinctBy(m => m.UserId).ToList(), eventTypes.DistinctBy(e => e.Id).ToList(), pages, 1, restarts);
    }

    private static (List<TeamMember> Members, int Pages, int Restarts) Members<T>(CalComOverlappedList<T> list, Func<T, TeamMember> convert) =>
        (list.Items.Select(convert).ToList(), list.Pages, list.Restarts);

    private static TeamMember FromMembership(CalComMembership m) =>
        new(m.UserId, m.User?.Email, m.User?.Username, m.User?.Name, m.User?.AvatarUrl, m.Role, null, m.Accepted);

    private static TeamMember FromOrganizationUser(CalComOrganizationUser u) =>
        new(u.Id, u.Email, u.Username, u.Name, u.AvatarUrl, null, u.TimeZone, true);
}
