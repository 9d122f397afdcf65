using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CalAdmin.Web.Infrastructure;

/// <summary>Section <c>CalAdmin:ForwardedHeaders</c>: which reverse proxies may tell CalAdmin the client's address, scheme and host.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "CalAdmin:ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of CalAdmin (e.g. "10.0.0.5"). With neither list set, only loopback is trusted.</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Networks of the proxies in CIDR form (e.g. "10.0.0.0/24").</summary>
    public string[] KnownNetworks { get; set; } = [];
    /// <summary>How many proxies in a row are read from the end of <c>X-Forwarded-For</c> (2 for a CDN in front of a load balancer).</summary>
    public int ForwardLimit { get; set; } = 1;
}

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from trusted proxies only: the request's scheme (cookies'
    /// Secure flag, HTTPS redirects), host (absolute redirects) and client address (request log) are then the browser's.
    /// The configured proxies replace ASP.NET Core's default (loopback only); headers from anyone else are ignored.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminForwardedHeaders(this WebApplicationBuilder builder)
    {
        var settings = Read(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = settings.ForwardLimit;
            if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0) return;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            foreach (var network in settings.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        });
        builder.Services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();
        return builder;
    }

    /// <summary>
    /// Ahead of the whole pipeline, including the authentication and authorization that WebApplication adds by itself
    /// before Program.cs's middleware: a sign-in redirect must already see the browser's scheme and host.
    /// </summary>
    private sealed class ForwardedHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseForwardedHeaders();
            next(app);
        };
    }

    public static IEnumerable<string> Validate(IConfiguration config)
    {
        var settings = Read(config);
        foreach (var proxy in settings.KnownProxies.Where(p => !IPAddress.TryParse(p.Trim(), out _)))
            yield return $"CalAdmin:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.";
        foreach (var network in settings.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n.Trim(), out _)))
            yield return $"CalAdmin:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (for example 10.0.0.0/24).";
        if (settings.ForwardLimit is < 1 or > 10)
            yield return "CalAdmin:ForwardedHeaders:ForwardLimit must be between 1 and 10.";
    }

    private static ForwardedHeadersSettings Read(IConfiguration config) =>
        config.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
}
