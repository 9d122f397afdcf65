using System.Globalization;
using System.Text.RegularExpressions;

namespace CalAdmin.Tests;

/// <summary>
/// The one place that decides "now" for every test host: the sandboxes' <c>SandboxOptions.TimeProvider</c>, the web
/// host's and the sync services' <see cref="TimeProvider"/>, bUnit contexts, and the data tests make relative to now.
/// Environment variable <c>CALADMIN_TEST_CLOCK</c>: unset = the real clock; an offset (<c>+31d</c>, <c>+365d</c>,
/// <c>-2h</c>, <c>+90m</c>) or an ISO instant (<c>2028-02-29T23:30:00Z</c>) moves the clock there, and it runs on
/// from there at the real pace, so timers, leases and waits still behave. Tests that fix their own time keep it.
/// </summary>
public static partial class TestClock
{
    public const string Variable = "CALADMIN_TEST_CLOCK";

    public static TimeProvider Provider { get; } = Parse(Environment.GetEnvironmentVariable(Variable), TimeProvider.System);

    public static DateTimeOffset Now => Provider.GetUtcNow();

    public static DateTime UtcNow => Provider.GetUtcNow().UtcDateTime;

    /// <summary>The clock a setting describes, shifted from <paramref name="real"/>; the setting is checked, not guessed.</summary>
    public static TimeProvider Parse(string? setting, TimeProvider real)
    {
        if (string.IsNullOrWhiteSpace(setting)) return real;
        setting = setting.Trim();
        if (Offset().Match(setting) is { Success: true } m)
        {
            var amount = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * (m.Groups["sign"].Value == "-" ? -1 : 1);
            var offset = m.Groups["unit"].Value switch
            {
                "d" => TimeSpan.FromDays(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromMinutes(amount),
            };
            return new ShiftedClock(real, offset);
        }
        if (DateTimeOffset.TryParse(setting, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return new ShiftedClock(real, at - real.GetUtcNow());
        throw new InvalidOperationException($"{Variable}='{setting}' is neither an offset (+31d, -2h, +90m) nor an ISO date-time (2028-02-29T23:30:00Z).");
    }

    [GeneratedRegex(@"^(?<sign>[+-])(?<n>\d+(\.\d+)?)(?<unit>[dhm])$")]
    private static partial Regex Offset();
}

/// <summary>Another clock moved by a fixed offset: "now" elsewhere in time, at the real pace (timers unchanged).</summary>
public sealed class ShiftedClock(TimeProvider real, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + offset;

    public override long GetTimestamp() => real.GetTimestamp();

    public override long TimestampFrequency => real.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        real.CreateTimer(callback, state, dueTime, period);
}
