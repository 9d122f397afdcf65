namespace CalAdmin.Web.Infrastructure;

/// <summary>Something in the mirror changed: a topic ("bookings", "hosts", "mappings", ...), the ids and a short human notice.</summary>
public sealed record ChangeNotice(string Topic, IReadOnlyList<string> Ids, string? Message = null)
{
    /// <summary>
    /// On a webhooks notice: the bookings whose change from these deliveries a bookings notice published just before
    /// already announced (a booking's page refreshes once for that one, and its timeline is read after both).
    /// </summary>
    public IReadOnlyList<string> Announced { get; init; } = [];

    public const string Bookings = "bookings";
    public const string Hosts = "hosts";
    public const string Mappings = "mappings";
    public const string Webhooks = "webhooks";
    public const string Sync = "sync";
    /// <summary>Out-of-office entries and the moves of an away host's bookings.</summary>
    public const string Away = "away";
}

/// <summary>
/// Tells every open page what changed after a commit. The in-process feed reaches the circuits of this server;
/// a multi-server implementation can replace it behind this interface.
/// </summary>
public interface IChangeFeed
{
    void Publish(ChangeNotice notice);

    /// <summary>The handler runs off the publisher's thread; dispose the result to unsubscribe.</summary>
    IDisposable Subscribe(Func<ChangeNotice, Task> handler);
}

public sealed class InProcessChangeFeed(ILogger<InProcessChangeFeed> logger) : IChangeFeed
{
    private readonly Lock gate = new();
    private ImmutableHandlers handlers = new([]);

    public void Publish(ChangeNotice notice)
    {
        foreach (var handler in handlers.Items)
            _ = InvokeAsync(handler, notice);
    }

    public IDisposable Subscribe(Func<ChangeNotice, Task> handler)
    {
        lock (gate) handlers = new([.. handlers.Items, handler]);
        return new Subscription(() =>
        {
            lock (gate) handlers = new(handlers.Items.Where(h => h != handler).ToArray());
        });
    }

    private async Task InvokeAsync(Func<ChangeNotice, Task> handler, ChangeNotice notice)
    {
        try
        {
            await Task.Yield();
            await handler(notice);
        }
        catch (Exception ex)
        {
            // One broken page must not stop the others from hearing about the change.
            logger.LogWarning(ex, "A change-feed subscriber failed on {Topic}", notice.Topic);
        }
    }

    private sealed record ImmutableHandlers(Func<ChangeNotice, Task>[] Items);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) unsubscribe();
        }
    }
}
