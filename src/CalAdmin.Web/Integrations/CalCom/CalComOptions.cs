namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>Whether CalAdmin talks to the real Cal.com or to a local sandbox that imitates it.</summary>
public enum CalComMode
{
    Live,
    Sandbox,
}

/// <summary>Settings of section <c>CalCom</c>. The API key is a secret: user secrets or environment, never appsettings.json.</summary>
public sealed class CalComOptions
{
    public const string Section = "CalCom";

    /// <summary>Cal.com's API root; a self-hosted instance works too (e.g. https://cal.example.com/api).</summary>
    public string BaseUrl { get; set; } = "https://api.cal.com";

    /// <summary>Never logged, never shown: <see cref="ToString"/> leaves it out.</summary>
    public string? ApiKey { get; set; }

    public int? TeamId { get; set; }

    public int? OrganizationId { get; set; }

    /// <summary>Unset means: Sandbox when no API key is configured, else Live.</summary>
    public CalComMode? Mode { get; set; }

    /// <summary>Secrets of the webhooks Cal.com delivers to CalAdmin (several while one is being rotated).</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    public CalComApiVersionOptions ApiVersions { get; set; } = new();

    /// <summary>Cal.com allows 120 per minute per key and blocks the key for a minute beyond; 100 leaves room for others.</summary>
    public int RequestsPerMinute { get; set; } = 100;

    public double AttemptTimeoutSeconds { get; set; } = 15;

    /// <summary>Bounds a call with its retries and its waits; longer than Cal.com's 60 s block so a 429 can still succeed.</summary>
    public double TotalTimeoutSeconds { get; set; } = 120;

    /// <summary>First backoff delay for retried GETs (doubles each attempt, with jitter).</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    public CalComMode EffectiveMode => Mode ?? (string.IsNullOrWhiteSpace(ApiKey) ? CalComMode.Sandbox : CalComMode.Live);

    public override string ToString() =>
        $"CalCom {{ BaseUrl = {BaseUrl}, Mode = {EffectiveMode}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")} }}";
}

/// <summary>
/// <c>cal-api-version</c> per operation group (<c>CalCom:ApiVersions:{Bookings|Slots|EventTypes}</c>).
/// The defaults are the versions the OpenAPI spec documents; newer ones exist for some booking operations.
/// </summary>
public sealed class CalComApiVersionOptions
{
    public string Bookings { get; set; } = CalComApiVersions.Bookings;

    public string Slots { get; set; } = CalComApiVersions.Slots;

    public string EventTypes { get; set; } = CalComApiVersions.EventTypes;
}
