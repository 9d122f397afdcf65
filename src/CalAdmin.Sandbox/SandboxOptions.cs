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

    public bool WebhookDeliveryEnabled { get; set; } = true;

    /// <summary>Seeded fault rates; also adjustable at runtime through <see cref="SandboxServer.Faults"/>.</summary>
    public FaultOptions Faults { get; set; } = new();
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
