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
