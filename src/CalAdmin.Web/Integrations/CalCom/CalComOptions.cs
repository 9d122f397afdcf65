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
/// <c>cal-api-version</c> per operation group (<c>CalCom:ApiVersions:{BookingsList|BookingActions|Slots|EventTypes}</c>).
/// The defaults are the versions CalAdmin is written against. The former single <c>Bookings</c> setting still works:
/// it is used for both booking groups when they are not set themselves.
/// </summary>
public sealed class CalComApiVersionOptions
{
    /// <summary>GET /v2/bookings. 2026-05-01 or later pages by cursor; an older version (e.g. 2024-08-13) by take/skip.</summary>
    public string? BookingsList { get; set; }

    /// <summary>Create, get one, cancel, reschedule, confirm, decline, mark-absent and reassign.</summary>
    public string? BookingActions { get; set; }

    public string Slots { get; set; } = CalComApiVersions.Slots;

    public string EventTypes { get; set; } = CalComApiVersions.EventTypes;

    /// <summary>The former setting for every booking operation; only a fallback for <see cref="BookingsList"/> and <see cref="BookingActions"/>.</summary>
    public string? Bookings { get; set; }

    // Settings stay null when unset (the configuration binder writes back whatever a getter answers, so a computed
    // default there would hide the fallback); these are what is sent.
    public string EffectiveBookingsList => BookingsList ?? Bookings ?? CalComApiVersions.BookingsList;

    public string EffectiveBookingActions => BookingActions ?? Bookings ?? CalComApiVersions.BookingActions;
}
