namespace CalAdmin.Tests;

/// <summary>
/// The one way tests wait for a state the code under test reaches on its own (a job, a background applier, another
/// process): poll the condition, never a fixed sleep; fail with what never happened once the time is up.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutMs);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException("Never happened: " + what);
            await Task.Delay(Interval);
        }
    }

    /// <summary>Checks that <paramref name="assertion"/> keeps holding for <paramref name="duration"/> (a state that must not change).</summary>
    public static async Task HoldsAsync(Func<Task> assertion, TimeSpan duration)
    {
        var until = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        do
        {
            await assertion();
            await Task.Delay(Interval * 10);
        }
        while (Environment.TickCount64 < until);
    }
}
