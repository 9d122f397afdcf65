using CalAdmin.Web.Integrations.CalCom;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HostFiltering;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// What a Production start must not inherit from the developer's defaults: the fake Cal.com, guessable webhook
/// secrets, cookies sent over plain HTTP, and any Host header accepted.
/// </summary>
public static class ProductionSafety
{
    /// <summary>Shorter secrets can be guessed offline from one captured delivery and its signature.</summary>
    public const int MinimumWebhookSecretLength = 32;

    public static IEnumerable<string> Validate(IConfiguration config, IHostEnvironment? environment)
    {
        var calCom = config.GetSection(CalComOptions.Section);
        var secrets = calCom.GetSection(nameof(CalComOptions.WebhookSecrets)).GetChildren()
            .Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        // Named by position only: a secret is never repeated in a message that may reach a log.
        for (var i = 0; i < secrets.Count; i++)
            if (secrets[i]!.Length < MinimumWebhookSecretLength)
                yield return $"CalCom:WebhookSecrets:{i} is shorter than {MinimumWebhookSecretLength} characters; use a long random secret (e.g. `openssl rand -hex 32`).";

        if (environment?.IsProduction() != true) yield break;
        // In Production the sandbox is never a silent fallback: a missing key must stop the start, not fake Cal.com.
        if (string.IsNullOrWhiteSpace(calCom[nameof(CalComOptions.ApiKey)])
            && !string.Equals(calCom[nameof(CalComOptions.Mode)], nameof(CalComMode.Sandbox), StringComparison.OrdinalIgnoreCase))
            yield return "CalCom:ApiKey is required in Production (set CalCom:Mode=Sandbox to run on the embedded sandbox on purpose).";
    }

    /// <summary>Production only: cookies only over HTTPS, and only the public host name answered.</summary>
    public static WebApplicationBuilder AddCalAdminProductionSafety(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction()) return builder;
        var services = builder.Services;
        // Behind a TLS-terminating proxy the forwarded scheme makes the request HTTPS, so Always still works.
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);

        var publicBaseUrl = builder.Configuration[$"{CalAdminOptions.Section}:{nameof(CalAdminOptions.PublicBaseUrl)}"];
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"])
            && Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicUri))
        {
            // Loopback names stay allowed for health probes on the machine and the embedded sandbox's deliveries.
            services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = [publicUri.Host, "localhost", "127.0.0.1", "[::1]"]);
        }
        return builder;
    }
}
