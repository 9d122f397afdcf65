using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

/// <summary>A Cal.com user as the team (or organization) list names it.</summary>
public sealed record TeamMember(int UserId, string? Email, string? Username, string? Name, string? AvatarUrl, string? Role, string? TimeZone, bool Accepted);

/// <summary>What Cal.com says the team is: its members (deduplicated by user id) and its event types with their hosts.</summary>
public sealed record Roster(IReadOnlyList<TeamMember> Members, IReadOnlyList<CalComEventType> EventTypes, int MembershipPages, int EventTypeCalls, int Restarts);

/// <summary>
/// Reads the team from Cal.com. Membership pages are read with take/skip, which shifts when someone joins or leaves while
/// the pages are read: each page after the first starts at the previous page's last member, and when that member is not
/// where it was the reading starts over, so a run never sees a member twice or misses one that stayed.
/// </summary>
public sealed class TeamRoster(ICalComApi api, CalComClient client, CalComConnection connection, IOptions<CalComOptions> options, SyncProgress progress)
{
    public const int PageSize = CalComClient.LargestPage;
    private const int MaxRestarts = 5;
    private const int MaxPages = 10_000;

    public async Task<Roster> ReadAsync(Action<int, int>? onPage, CancellationToken ct)
    {
        var calCom = options.Value;
        var pages = 0;
        for (var restart = 0; ; restart++)
        {
            var (members, read, consistent) = calCom.OrganizationId is { } orgId
                ? await ReadPagesAsync("read organization users", (take, skip, c) => api.GetOrganizationUsersAsync(orgId, take, skip, c), FromOrganizationUser, onPage, pages, ct)
                : await ReadPagesAsync("read team memberships", (take, skip, c) => api.GetTeamMembershipsAsync(TeamId(calCom), take, skip, c), FromMembership, onPage, pages, ct);
            pages += read;
            if (consistent)
            {
                var eventTypes = await client.GetTeamEventTypesAsync(TeamId(calCom), ct);
                return new Roster(members.DistinctBy(m => m.UserId).ToList(), eventTypes.DistinctBy(e => e.Id).ToList(), pages, 1, restart);
            }
            if (restart == MaxRestarts)
                throw new CalComException($"The team kept changing while it was read ({MaxRestarts + 1} attempts); try again later", "read team memberships");
        }
    }

    private async Task<(List<TeamMember> Members, int Pages, bool Consistent)> ReadPagesAsync<T>(
        string operation, Func<int, int, CancellationToken, Task<CalComListResponse<T>>> fetch, Func<T, TeamMember> convert,
        Action<int, int>? onPage, int pagesBefore, CancellationToken ct)
    {
        var members = new List<TeamMember>();
        var pages = 0;
        var skip = 0;
        while (pages < MaxPages)
        {
            var answer = await CallAsync(operation, c => fetch(PageSize, skip, c), ct);
            pages++;
            var items = (answer.Data ?? []).Select(convert).ToList();
            if (members.Count > 0)
            {
                // The page must start with the member the previous page ended on.
                if (items.Count == 0 || items[0].UserId != members[^1].UserId) return (members, pages, false);
                items.RemoveAt(0);
            }
            members.AddRange(items);
            onPage?.Invoke(pagesBefore + pages, members.Count);
            progress.MembershipPage(pagesBefore + pages);
            if (items.Count < PageSize - (skip == 0 ? 0 : 1)) return (members, pages, true);
            skip = members.Count - 1;
        }
        throw new CalComException($"Cal.com kept answering full pages after {MaxPages} pages", operation);
    }

    private async Task<TAnswer> CallAsync<TAnswer>(string operation, Func<CancellationToken, Task<TAnswer>> call, CancellationToken ct)
    {
        try
        {
            return await call(ct);
        }
        catch (Exception ex) when (ex is not CalComException && !ct.IsCancellationRequested)
        {
            throw CalComFailures.From(ex, operation, connection.BaseUrl, options.Value.TotalTimeoutSeconds);
        }
    }

    private static int TeamId(CalComOptions calCom) =>
        calCom.TeamId ?? throw new CalComException("CalCom:TeamId is not configured", "read team memberships");

    private static TeamMember FromMembership(CalComMembership m) =>
        new(m.UserId, m.User?.Email, m.User?.Username, m.User?.Name, m.User?.AvatarUrl, m.Role, null, m.Accepted);

    private static TeamMember FromOrganizationUser(CalComOrganizationUser u) =>
        new(u.Id, u.Email, u.Username, u.Name, u.AvatarUrl, null, u.TimeZone, true);
}
