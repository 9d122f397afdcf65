using CalAdmin.Web.Integrations.CalCom;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Settings;

public sealed record ConnectionCheckResult(bool Ok, string Message);

/// <summary>"Test connection": who the API key belongs to (<c>/v2/me</c>) and whether the configured team is visible.</summary>
public sealed class ConnectionCheck(CalComClient calCom, IOptions<CalComOptions> options)
{
    public async Task<ConnectionCheckResult> RunAsync(CancellationToken ct = default)
    {
        try
        {
            var me = await calCom.GetMeAsync(ct);
            var who = $"Connected as {me.Name ?? me.Username} ({me.Email})";
            if (options.Value.TeamId is not { } teamId)
                return new(false, $"{who}, but CalCom:TeamId is not set: CalAdmin does not know which team to mirror.");
            var teams = await calCom.GetTeamsAsync(ct);
            return teams.FirstOrDefault(t => t.Id == teamId) is { } team
                ? new(true, $"{who}. Team \"{team.Name}\" ({team.Id}) is visible.")
                : new(false, $"{who}, but team {teamId} is not among this key's teams ({string.Join(", ", teams.Select(t => $"{t.Name} ({t.Id})"))}). Check CalCom:TeamId.");
        }
        catch (CalComException ex)
        {
            return new(false, ex.Message);
        }
    }
}
