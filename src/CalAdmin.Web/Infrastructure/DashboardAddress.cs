using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// Where Cal.com reaches this dashboard: <c>CalAdmin:PublicBaseUrl</c>, else (on a developer machine) the address
/// Kestrel listens on, with wildcard hosts replaced by loopback.
/// </summary>
public sealed class DashboardAddress(IOptions<CalAdminOptions> options, IServer server)
{
    public Uri? BaseUrl
    {
        get
        {
            if (options.Value.PublicBaseUrl is { Length: > 0 } configured) return new Uri(configured.TrimEnd('/') + "/");
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
                .OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
                .FirstOrDefault();
            if (address is null) return null;
            var normalized = address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
            return Uri.TryCreate(normalized.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : null;
        }
    }

    public Uri? WebhookUrl => BaseUrl is { } b ? new Uri(b, Features.Webhooks.WebhookEndpoint.Path.TrimStart('/')) : null;
}
