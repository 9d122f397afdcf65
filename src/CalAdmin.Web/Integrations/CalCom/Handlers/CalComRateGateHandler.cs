using System.Net;
using CalAdmin.Web.Integrations.CalCom.Resilience;

namespace CalAdmin.Web.Integrations.CalCom.Handlers;

/// <summary>Takes a turn at the shared <see cref="CalComRateGate"/> for each attempt, and holds the gate after a 429.</summary>
public sealed class CalComRateGateHandler(CalComRateGate gate, TimeProvider time, ILogger<CalComRateGateHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitForTurnAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = CalComRateLimitHeaders.WaitAfter429(response.Headers, time.GetUtcNow());
            var until = gate.HoldFor(wait);
            logger.LogWarning("Cal.com rate limit reached; every Cal.com request waits until {HeldUntil:O} ({WaitSeconds} s)",
                until, Math.Round(wait.TotalSeconds, 1));
        }
        return response;
    }
}
