namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>
/// One Cal.com call per booking and action, whoever submits it: a second submission of the same action (a double
/// click, a second tab, a repeated form post) while the first runs, or shortly after it ended, gets the first one's
/// result instead of calling Cal.com again. A singleton, so it holds across circuits.
/// </summary>
public sealed class BookingActionGuard(TimeProvider clock)
{
    /// <summary>How long a finished action still answers duplicates: longer than any double click, short enough to try again.</summary>
    public static readonly TimeSpan SucceededWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RefusedWindow = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = [];

    private sealed class Entry(Task<BookingActionResult> task)
    {
        public Task<BookingActionResult> Task { get; } = task;
        public DateTimeOffset? KeepUntil { get; set; }
    }

    /// <summary>Runs <paramref name="action"/> unless the same <paramref name="key"/> is running or just finished.</summary>
    public Task<BookingActionResult> RunOnceAsync(string key, Func<Task<BookingActionResult>> action)
    {
        var done = new TaskCompletionSource<BookingActionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Entry mine;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var stale in entries.Where(e => e.Value.KeepUntil is { } until && until <= now).Select(e => e.Key).ToList())
                entries.Remove(stale);
            if (entries.TryGetValue(key, out var running))
                return DuplicateOf(running.Task);
            entries[key] = mine = new Entry(done.Task);
        }
        _ = RunAsync(key, mine, action, done);
        return done.Task;
    }

    private static async Task<BookingActionResult> DuplicateOf(Task<BookingActionResult> first) => (await first) with { Duplicate = true };

    private async Task RunAsync(string key, Entry entry, Func<Task<BookingActionResult>> action, TaskCompletionSource<BookingActionResult> done)
    {
        try
        {
            var result = await action();
            lock (gate) entry.KeepUntil = clock.GetUtcNow() + (result.Succeeded ? SucceededWindow : RefusedWindow);
            done.SetResult(result);
        }
        catch (Exception ex)
        {
            // Not an answer from Cal.com (a bug, a cancelled circuit): let the next attempt through.
            lock (gate) entries.Remove(key);
            done.SetException(ex);
        }
    }
}
