namespace CalAdmin.Sandbox;

/// <summary>How a sandbox is seeded and how it misbehaves. Bound from the "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The team OWNER's key (the user of GET /v2/me); generated at start when empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// More keys for stand-alone runs, by team role: <c>Sandbox:KeysByRole:MEMBER=cal_member_key</c> gives the first
    /// member with that role (OWNER, ADMIN, MEMBER) that key. Tests call <see cref="SandboxServer.IssueKey"/> instead.
    /// </summary>
    public Dictionary<string, string> KeysByRole { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The trigger list this instance knows: <c>2026</c> (the 2026 docs), <c>Legacy2025</c> (builds up to late 2025:
    /// no BOOKING_REASSIGNED, BOOKING_LOCATION_UPDATED, ...), or a comma-separated list of trigger names.
    /// </summary>
    public string WebhookTriggers { get; set; } = "2026";

    /// <summary>Cal.com cloud's rule: subscriber URLs must be public HTTPS. Off so tests and the demo can use loopback.</summary>
    public bool RequirePublicHttpsSubscribers { get; set; }

    /// <summary>Whether the organization has Cal.com's Admin API (an Enterprise feature); off refuses /v2/organizations/{orgId}/….</summary>
    public bool OrganizationAdminApi { get; set; } = true;

    /// <summary>
    /// The business's IANA time zone: every member works in it, so the seeded bookings fall in business hours there
    /// (the demo sets Europe/Berlin). Unset: the members are spread over six zones, as before.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Cal.com-like changes on their own (new bookings, cancellations, reschedules, reassignments, no-shows), one every
    /// <see cref="ActivityInterval"/>, each through the sandbox's own signed webhooks. Off by default and in tests; on in the demo.
    /// </summary>
    public bool Activity { get; set; }

    /// <summary>How often the activity makes a change (on the sandbox's clock).</summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>What is wrong with these options, naming the setting under <paramref name="prefix"/> (e.g. "CalCom:Sandbox:").</summary>
    public IEnumerable<string> Validate(string prefix = "Sandbox:")
    {
        if (TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return $"{prefix}TimeZone '{TimeZone}' is not a known IANA time zone (for example 'Europe/Berlin').";
        if (ActivityInterval < TimeSpan.FromMilliseconds(100) || ActivityInterval > TimeSpan.FromHours(1))
            yield return $"{prefix}ActivityInterval must be between 00:00:00.1 and 01:00:00, not '{ActivityInterval}'.";
    }

    public int TeamSize { get; set; } = 12;
    public int Seed { get; set; } = 42;
    public int BookingCount { get; set; } = 300;

    /// <summary>The clock for seeding, slots, rate limiting and "upcoming"/"past"; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public int RateLimitPerMinute { get; set; } = 120;

    public bool WebhookDeliveryEnabled { get; set; } = true;

    /// <summary>
    /// The total the 2024-08-13 bookings list reports (and computes hasNextPage from). Cal.com counts bookings of a team
    /// admin's members with an estimate that may be too low, or give none: Underestimate reports half, Null reports null.
    /// Changeable at runtime.
    /// </summary>
    public BookingsTotal BookingsTotal { get; set; } = BookingsTotal.Exact;

    /// <summary>Seeded fault rates; also adjustable at runtime through <see cref="SandboxServer.Faults"/>.</summary>
    public FaultOptions Faults { get; set; } = new();
}

/// <summary>What the 2024-08-13 bookings list gives as <c>totalItems</c>.</summary>
public enum BookingsTotal
{
    Exact,
    Underestimate,
    Null,
}

/// <summary>Random faults, drawn from a generator seeded with <see cref="Seed"/> so a run is repeatable.</summary>
public sealed class FaultOptions
{
    public int Seed { get; set; } = 7;
    public double TooManyRequestsRate { get; set; }
    public double ServerErrorRate { get; set; }
    public double LatencyRate { get; set; }
    public TimeSpan AddedLatency { get; set; } = TimeSpan.FromMilliseconds(500);
}
