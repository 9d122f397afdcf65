using System.Net;
using CalAdmin.Sandbox.Webhooks;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Settings;

/// <summary>
/// The outcome of "Test connection". <see cref="Ok"/> says whether CalAdmin can work with the key at all; what the
/// key's role keeps from working is in <see cref="Limitations"/>, and configuration to fix in <see cref="Warnings"/>.
/// </summary>
public sealed record ConnectionCheckResult(bool Ok, string Message, IReadOnlyList<string> Limitations, IReadOnlyList<string> Warnings)
{
    /// <summary>The key's user's role in the team (OWNER, ADMIN, MEMBER), null when Cal.com would not say.</summary>
    public string? Role { get; init; }
}

/// <summary>
/// "Test connection": who the API key belongs to (<c>/v2/me</c>), whether the configured team is visible, the key's
/// role in it (from the memberships, which need a team admin), and what Cal.com will refuse this key. It reads only,
/// so a refusal becomes a line of the result rather than a failure of the check.
/// </summary>
public sealed class ConnectionCheck(CalComClient calCom, IOptions<CalComOptions> options, IOptions<CalAdminOptions> appOptions)
{
    public async Task<ConnectionCheckResult> RunAsync(CancellationToken ct = default)
    {
        var warnings = PublicBaseUrlWarnings();
        try
        {
            var me = await calCom.GetMeAsync(ct);
            var who = $"Connected as {me.Name ?? me.Username} ({me.Email})";
            if (options.Value.TeamId is not { } teamId)
                return new(false, $"{who}, but CalCom:TeamId is not set: CalAdmin does not know which team to mirror.", [], warnings);
            var teams = await calCom.GetTeamsAsync(ct);
            if (teams.FirstOrDefault(t => t.Id == teamId) is not { } team)
                return new(false, $"{who}, but team {teamId} is not among this key's teams ({string.Join(", ", teams.Select(t => $"{t.Name} ({t.Id})"))}). Check CalCom:TeamId.", [], warnings);

            var limitations = new List<string>();
            var role = await RoleAsync(me, limitations, ct);
            if (role is not (CalComMembershipRoles.Admin or CalComMembershipRoles.Owner))
                limitations.AddRange(AdminOnly(role is null));
            if (options.Value.OrganizationId is { } orgId) await CheckOrganizationAsync(orgId, limitations, ct);

            var roleText = role is null ? "role unknown" : $"team {role}";
            var summary = limitations.Count == 0
                ? " Everything CalAdmin does works with this key."
                : $" {limitations.Count} thing{(limitations.Count == 1 ? "" : "s")} will not work with this key; a team admin's or owner's key avoids {(limitations.Count == 1 ? "it" : "them")}.";
            return new(true, $"{who}, {roleText}. Team \"{team.Name}\" ({team.Id}) is visible.{summary}", limitations, warnings) { Role = role };
        }
        catch (CalComException ex)
        {
            return new(false, ex.Message, [], warnings);
        }
    }

    /// <summary>The key's user's role from the team's memberships; a refusal is itself a limitation (the nightly sync reads them).</summary>
    private async Task<string?> RoleAsync(CalComMe me, List<string> limitations, CancellationToken ct)
    {
        try
        {
            var memberships = await calCom.GetAllMembershipsAsync(cancellationToken: ct);
            return memberships.FirstOrDefault(m => m.UserId == me.Id)?.Role;
        }
        catch (CalComException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            limitations.Add($"Team memberships: Cal.com refuses to list them (\"{ex.CalComMessage ?? ex.Message}\"), so the nightly team sync fails and CalAdmin could not read this key's role.");
            return null;
        }
    }

    /// <summary>What Cal.com allows only a team admin or owner (BookingsService's reassign check, the team event-type webhook guards).</summary>
    private static IEnumerable<string> AdminOnly(bool roleUnknown)
    {
        var likely = roleUnknown ? "probably " : "";
        yield return $"Reassignment: {likely}refused (\"You do not have permission to reassign this booking\"); Cal.com lets only the event type's team admins and owners reassign.";
        yield return $"Webhook subscriptions: {likely}refused; reading and creating webhooks of team event types needs a team admin or owner, so Admin → Webhooks can neither check nor create them.";
    }

    private async Task CheckOrganizationAsync(int orgId, List<string> limitations, CancellationToken ct)
    {
        try
        {
            await calCom.GetAllOrganizationWebhooksAsync(orgId, ct);
        }
        catch (CalComException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            limitations.Add($"Organization endpoints (CalCom:OrganizationId {orgId}): Cal.com refuses them (\"{ex.CalComMessage ?? ex.Message}\"); they need an organization admin and the organization's Admin API, so the sync and webhook health fail.");
        }
    }

    /// <summary>Cal.com cloud accepts only public HTTPS subscriber URLs, and the webhook URL is built from PublicBaseUrl.</summary>
    private List<string> PublicBaseUrlWarnings()
    {
        var configured = appOptions.Value.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(configured))
            return ["CalAdmin:PublicBaseUrl is not set: Cal.com cannot be told where to deliver webhooks (CalAdmin would offer this machine's own address, which Cal.com cloud refuses)."];
        return SubscriberUrlRule.Refusal(configured) is { } reason
            ? [$"CalAdmin:PublicBaseUrl ({configured}) is not a public HTTPS address ({reason}): Cal.com cloud refuses such webhook subscriber URLs; a self-hosted Cal.com may accept it."]
            : [];
    }
}
