using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Integrations.CalCom;

public sealed partial class CalComClient
{
    /// <summary>
    /// A user's out-of-office entries: through the organization when CalCom:OrganizationId is set, else through the
    /// team (CalCom:TeamId); both need an admin's key (the /v2/me/ooo variant only ever sees the key's own user).
    /// </summary>
    public Task<IReadOnlyList<CalComOutOfOffice>> GetAllOutOfOfficeAsync(int user, CancellationToken cancellationToken = default)
    {
        const string operation = "read out-of-office entries";
        if (Options.OrganizationId is { } orgId)
            return PageAsync(operation, LargestPage, (take, skip, ct) => api.GetOrganizationUserOutOfOfficeAsync(orgId, user, take, skip, ct), cancellationToken);
        var team = TeamOrThrow(null, operation);
        return PageAsync(operation, LargestPage, (take, skip, ct) => api.GetTeamMemberOutOfOfficeAsync(team, user, take, skip, ct), cancellationToken);
    }

    /// <summary>Creates an out-of-office entry for the Cal.com user <paramref name="user"/>, by the same route as reading.</summary>
    public async Task<CalComOutOfOffice> CreateOutOfOfficeAsync(int user, CreateOutOfOfficeRequest entry, CancellationToken cancellationToken = default)
    {
        const string operation = "create out-of-office entry";
        Func<CancellationToken, Task<CalComResponse<CalComOutOfOffice>>> call = Options.OrganizationId is { } orgId
            ? ct => api.CreateOrganizationUserOutOfOfficeAsync(orgId, user, entry, ct)
            : ct => api.CreateTeamMemberOutOfOfficeAsync(TeamOrThrow(null, operation), user, entry, ct);
        return Required(await CallAsync(operation, call, cancellationToken).ConfigureAwait(false), operation);
    }
}
