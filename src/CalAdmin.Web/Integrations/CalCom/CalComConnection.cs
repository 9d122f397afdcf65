using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>Where requests go and with which key, swapped as one value so a request never mixes two.</summary>
public sealed record CalComEndpoint(Uri BaseUrl, string? ApiKey, CalComMode Mode)
{
    /// <summary>Keeps the key out of logs and exception texts.</summary>
    public override string ToString() => $"{Mode} {BaseUrl}";
}

/// <summary>
/// The Cal.com endpoint every request of the process consults (singleton). It starts from section CalCom;
/// in Sandbox mode the host starts an in-process sandbox on a random loopback port and points CalAdmin at it:
/// <code>app.Services.GetRequiredService&lt;CalComConnection&gt;().UseSandbox(new Uri("http://127.0.0.1:5123"), "cal_sandbox_key");</code>
/// The change applies to the next request, including requests of already created clients.
/// </summary>
public sealed class CalComConnection
{
    private volatile CalComEndpoint _current;

    public CalComConnection(IOptions<CalComOptions> options)
    {
        var o = options.Value;
        _current = new CalComEndpoint(new Uri(o.BaseUrl, UriKind.Absolute), o.ApiKey, o.EffectiveMode);
    }

    public CalComEndpoint Current => _current;

    public Uri BaseUrl => _current.BaseUrl;

    public CalComMode Mode => _current.Mode;

    /// <summary>Raised after the endpoint changed (e.g. for a settings page or a health check to refresh).</summary>
    public event Action<CalComEndpoint>? Changed;

    /// <summary>Points every Cal.com request at a sandbox (any absolute http(s) URL, typically loopback).</summary>
    public void UseSandbox(Uri baseAddress, string apiKey) => Use(new CalComEndpoint(CheckBaseUrl(baseAddress), apiKey, CalComMode.Sandbox));

    /// <summary>Points every Cal.com request at a real Cal.com (cloud or self-hosted).</summary>
    public void UseLive(Uri baseUrl, string apiKey) => Use(new CalComEndpoint(CheckBaseUrl(baseUrl), apiKey, CalComMode.Live));

    private void Use(CalComEndpoint endpoint)
    {
        _current = endpoint;
        Changed?.Invoke(endpoint);
    }

    private static Uri CheckBaseUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("Cal.com base URL must be an absolute http(s) URL", nameof(url));
        return url;
    }
}
