using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>A list read to the end in pages that overlap by one, and what the reading took.</summary>
/// <param name="Pages">Every page read, those of restarted readings included.</param>
/// <param name="Restarts">How often the list shifted under the reader and the reading started over.</param>
public sealed record CalComOverlappedList<T>(IReadOnlyList<T> Items, int Pages, int Restarts);

/// <summary>
/// The team's people, read so that a member who joins or leaves meanwhile cannot make a reader see someone twice or miss
/// someone who stayed: take/skip shifts then, so each page after the first starts at the previous page's last member, and
/// when that member is not where it was the reading starts over.
/// </summary>
public sealed partial class CalComClient
{
    private const int MaxRestarts = 5;

    /// <summary>All memberships of the team (default: CalCom:TeamId).</summary>
    /// <param name="onPage">After each page: pages read so far (restarts included), members read so far in this reading.</param>
    public Task<CalComOverlappedList<CalComMembership>> ReadTeamMembershipsAsync(int? teamId, Action<int, int>? onPage, CancellationToken cancellationToken = default)
    {
        var team = TeamOrThrow(teamId, "read team memberships");
        return OverlappedAsync("read team memberships", (take, skip, ct) => api.GetTeamMembershipsAsync(team, take, skip, ct), m => m.UserId, onPage, cancellationToken);
    }

    /// <summary>All users of the organization (default: CalCom:OrganizationId).</summary>
    /// <param name="onPage">After each page: pages read so far (restarts included), users read so far in this reading.</param>
    public Task<CalComOverlappedList<CalComOrganizationUser>> ReadOrganizationUsersAsync(int? organizationId, Action<int, int>? onPage, CancellationToken cancellationToken = default)
    {
        var orgId = organizationId ?? Options.OrganizationId
            ?? throw new CalComException("CalCom:OrganizationId is not configured", "read organization users");
        return OverlappedAsync("read organization users", (take, skip, ct) => api.GetOrganizationUsersAsync(orgId, take, skip, ct), u => u.Id, onPage, cancellationToken);
    }

    private async Task<CalComOverlappedList<T>> OverlappedAsync<T>(
        string operation, Func<int, int, CancellationToken, Task<CalComListResponse<T>>> fetchPage, Func<T, int> key,
        Action<int, int>? onPage, CancellationToken cancellationToken)
    {
        var pages = 0;
        for (var restart = 0; restart <= MaxRestarts; restart++)
        {
            var items = new List<T>();
            for (int read = 0, skip = 0; ; read++, skip = items.Count - 1)
            {
                if (read == MaxPages) throw new CalComException($"Cal.com kept answering full pages after {MaxPages} pages", operation);
                var answer = await CallAsync(operation, ct => fetchPage(LargestPage, skip, ct), cancellationToken).ConfigureAwait(false);
                pages++;
                var page = (answer.Data ?? []).ToList();
                if (items.Count > 0)
                {
                    // The page must start with the member the previous page ended on.
                    if (page.Count == 0 || key(page[0]) != key(items[^1])) break;
                    page.RemoveAt(0);
                }
                items.AddRange(page);
                onPage?.Invoke(pages, items.Count);
                if (page.Count < LargestPage - (skip == 0 ? 0 : 1)) return new CalComOverlappedList<T>(items, pages, restart);
            }
        }
        throw new CalComException($"The team kept changing while it was read ({MaxRestarts + 1} attempts); try again later", operation);
    }
}
