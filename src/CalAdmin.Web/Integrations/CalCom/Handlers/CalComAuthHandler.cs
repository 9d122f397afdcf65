using System.Net.Http.Headers;

namespace CalAdmin.Web.Integrations.CalCom.Handlers;

/// <summary>The one place the API key is put on the wire.</summary>
public sealed class CalComAuthHandler(CalComConnection connection) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var apiKey = connection.Current.ApiKey;
        // Without a key Cal.com answers 401, which CalComClient turns into a clear message.
        if (!string.IsNullOrWhiteSpace(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
