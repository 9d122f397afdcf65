using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>What one page of a server would hear from its change feed, with a way to wait for a notice.</summary>
public sealed class HeardNotices : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<ChangeNotice> notices = [];
    private readonly IDisposable subscription;
    private TaskCompletionSource next = NewSignal();

    public HeardNotices(IChangeFeed feed) => subscription = feed.Subscribe(notice =>
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            notices.Add(notice);
            signal = next;
            next = NewSignal();
        }
        signal.TrySetResult();
        return Task.CompletedTask;
    });

    public IReadOnlyList<ChangeNotice> All
    {
        get { lock (gate) return notices.ToList(); }
    }

    public async Task<ChangeNotice> WaitForAsync(Func<ChangeNotice, bool> match, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (notices.FirstOrDefault(match) is { } found) return found;
                signal = next.Task;
            }
            try { await signal.WaitAsync(limit.Token); }
            catch (OperationCanceledException) { Assert.Fail($"Never heard {what}; heard: {string.Join("; ", All.Select(n => $"{n.Topic} [{string.Join(",", n.Ids)}] {n.Message}"))}"); }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => subscription.Dispose();
}

public static class ChangeFeedStatusExtensions
{
    /// <summary>Waits for the feed's state to satisfy <paramref name="condition"/>, on its own transition events.</summary>
    public static async Task WaitForAsync(this ChangeFeedStatus status, Func<ChangeFeedState, bool> condition, string what, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ChangeFeedState state)
        {
            if (condition(state)) reached.TrySetResult();
        }
        status.Changed += OnChanged;
        try
        {
            if (condition(status.Current)) return;
            await reached.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The change feed never became {what}: {status.Current}");
        }
        finally
        {
            status.Changed -= OnChanged;
        }
    }
}
