namespace CalAdmin.Sandbox;

/// <summary>How a sandbox is seeded and how it misbehaves. Bound from the "Sandbox" configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The only accepted bearer token; generated at start when empty.</summary>
    public string? ApiKey { get; set; }

    public int TeamSize { get; set; } = 12;
    public int Seed { get; set; } = 42;
    public int BookingCount { get; set; } = 300;

    /// <summary>The clock for seeding, slots, rate limiting and "upcoming"/"past"; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public int RateLimitPerMinute { get; set; } = 120;

    /// <summary>Cal.com sometimes omits Retry-After on 429; clients must cope with both.</summary>
    public bool RateLimitRetryAfter { get; set; } = true;

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
    public bool TooManyRequestsRetryAfter { get; set; } = true;
    public double ServerErrorRate { get; set; }
    public double LatencyRate { get; set; }
    public TimeSpan AddedLatency { get; set; } = TimeSpan.FromMilliseconds(500);
}
