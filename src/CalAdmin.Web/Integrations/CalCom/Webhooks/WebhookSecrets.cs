using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom.Webhooks;

/// <summary>
/// The secrets deliveries may be signed with: <c>CalCom:WebhookSecrets</c> (several, so one can be rotated), plus
/// the one CalAdmin generates for its embedded sandbox. Read on every delivery, so kept as one ready array.
/// </summary>
public sealed class WebhookSecrets
{
    private volatile string[] configured;
    private volatile string[] extra = [];
    private volatile string[] current;

    public WebhookSecrets(IOptionsMonitor<CalComOptions> options)
    {
        configured = Clean(options.CurrentValue.WebhookSecrets);
        current = configured;
        options.OnChange(o => { configured = Clean(o.WebhookSecrets); current = [.. configured, .. extra]; });
    }

    public IReadOnlyList<string> Configured => configured;

    public IReadOnlyList<string> Current => current;

    public void Add(string secret)
    {
        extra = [.. extra, secret];
        current = [.. configured, .. extra];
    }

    private static string[] Clean(IEnumerable<string>? secrets) => secrets?.Where(s => !string.IsNullOrWhiteSpace(s)).ToArray() ?? [];
}
