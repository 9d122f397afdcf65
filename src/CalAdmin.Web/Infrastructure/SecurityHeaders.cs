namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// The browser-side defences every response carries (pages, static files, errors, the Hangfire dashboard):
/// a Content-Security-Policy, no MIME sniffing, no framing, and a referrer that never leaves a booking's address.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// What Blazor Server and MudBlazor need and nothing more: scripts only from this app's files (blazor.web.js,
    /// MudBlazor.min.js, app.js, the reconnect module; no inline script, no eval), styles inline too (MudBlazor sets
    /// style attributes and its theme as a style element), the circuit's WebSocket to this origin, SVG/data images.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Hangfire's dashboard writes its settings in inline scripts; it gets them, still without eval or framing.</summary>
    public const string HangfireContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Registered as a startup filter so it runs ahead of the whole pipeline, including the authentication that
    /// WebApplication adds before Program.cs's middleware (its sign-in redirects carry the headers too).
    /// </summary>
    public static WebApplicationBuilder AddCalAdminSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStartupFilter, HeadersFirst>();
        return builder;
    }

    private sealed class HeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, inner) =>
            {
                // Set as the response starts, so error pages (whose handler clears headers) carry them too.
                http.Response.OnStarting(() =>
                {
                    var headers = http.Response.Headers;
                    headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/hangfire") ? HangfireContentSecurityPolicy : ContentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                    return Task.CompletedTask;
                });
                return inner(http);
            });
            next(app);
        };
    }
}
