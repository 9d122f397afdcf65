using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// <c>Degraded</c> (still 200: the server works and keeps acknowledging signed deliveries) while the webhook endpoint is
/// refusing more than <c>CalAdmin:Webhooks:FloodRejectionsPerMinute</c> posts a minute; the figures are in its data.
/// </summary>
public sealed class WebhookFloodHealthCheck(RejectionTally tally) : IHealthCheck
{
    public const string Name = "webhook-endpoint";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lastMinute = tally.RejectedLastMinute;
        var data = new Dictionary<string, object>
        {
            ["rejectedLastMinute"] = lastMinute,
            ["floodThresholdPerMinute"] = tally.FloodThreshold,
        };
        return Task.FromResult(lastMinute >= tally.FloodThreshold
            ? HealthCheckResult.Degraded($"Under a flood: {lastMinute} deliveries refused in the last minute.", data: data)
            : HealthCheckResult.Healthy($"{lastMinute} deliveries refused in the last minute.", data: data));
    }
}
