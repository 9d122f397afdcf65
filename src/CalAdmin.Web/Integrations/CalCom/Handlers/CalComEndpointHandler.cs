namespace CalAdmin.Web.Integrations.CalCom.Handlers;

/// <summary>
/// Sends each request to the base URL <see cref="CalComConnection"/> holds now, so switching to a sandbox takes
/// effect without new HttpClients. Refit builds URIs on <see cref="Placeholder"/>, which can never resolve.
/// A base URL with a path (self-hosted behind /api) keeps its path.
/// </summary>
public sealed class CalComEndpointHandler(CalComConnection connection) : DelegatingHandler
{
    public static readonly Uri Placeholder = new("https://calcom.invalid/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
            request.RequestUri = new Uri(connection.BaseUrl.AbsoluteUri.TrimEnd('/') + uri.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
