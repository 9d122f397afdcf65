using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom.Handlers;

/// <summary>
/// Replaces the spec's <c>cal-api-version</c> a method is tagged with by the configured one
/// (<c>CalCom:ApiVersions:*</c>); requests without the header (where the spec has none) stay without.
/// </summary>
public sealed class CalComApiVersionHandler(IOptionsMonitor<CalComOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(CalComApiVersions.Header, out var values) && values.FirstOrDefault() is { } tagged)
        {
            var configured = CalComApiVersions.Resolve(tagged, options.CurrentValue.ApiVersions);
            if (configured != tagged)
            {
                request.Headers.Remove(CalComApiVersions.Header);
                request.Headers.TryAddWithoutValidation(CalComApiVersions.Header, configured);
            }
        }
        return base.SendAsync(request, cancellationToken);
    }
}
