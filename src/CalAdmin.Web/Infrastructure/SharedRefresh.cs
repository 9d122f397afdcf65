namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// One query for every page that refreshes on the same change. All open pages hear a <see cref="ChangeNotice"/> at
/// once (the same instance, from the in-process feed or fanned out from Redis); the first to ask starts the load,
/// the others take its result. The load starts after the notice was published, so it sees the change.
/// </summary>
public sealed class SharedRefresh<T>
{
    private readonly Lock gate = new();
    private ChangeNotice? lastNotice;
    private Task<T>? lastLoad;

    public Task<T> LoadAsync(ChangeNotice notice, Func<Task<T>> load)
    {
        lock (gate)
        {
            if (ReferenceEquals(notice, lastNotice) && lastLoad is { IsFaulted: false, IsCanceled: false } shared) return shared;
            lastNotice = notice;
            return lastLoad = load();
        }
    }
}
