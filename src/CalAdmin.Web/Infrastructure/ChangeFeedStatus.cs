namespace CalAdmin.Web.Infrastructure;

public enum ChangeFeedMode { InProcess, Redis }

/// <summary>
/// How far this server's changes reach right now. <see cref="Shared"/> is true only once a message made the round trip
/// through Redis and back, so "connected" means other servers really hear us.
/// </summary>
public sealed record ChangeFeedState(
    ChangeFeedMode Mode,
    string ServerId,
    string? Endpoints,
    string Channel,
    bool Shared,
    DateTime? Since,
    string? Problem,
    long NotShared,
    long Dropped = 0)
{
    /// <summary>Redis is configured but this server cannot reach it: its pages only hear its own changes.</summary>
    public bool Degraded => Mode == ChangeFeedMode.Redis && !Shared;
}

/// <summary>The change feed's state for the Settings page and the health check; raises <see cref="Changed"/> on every transition.</summary>
public sealed class ChangeFeedStatus
{
    internal const string Connecting = "Connecting to Redis…";

    private readonly Lock gate = new();
    private ChangeFeedState state;

    public ChangeFeedStatus(ChangeFeedMode mode, string serverId, string? endpoints, string channel, DateTime now) =>
        state = new ChangeFeedState(mode, serverId, endpoints, channel, Shared: false, Since: now,
            Problem: mode == ChangeFeedMode.Redis ? Connecting : null, NotShared: 0);

    public ChangeFeedState Current
    {
        get { lock (gate) return state; }
    }

    /// <summary>Raised outside the lock after each transition (not for every counted miss).</summary>
    public event Action<ChangeFeedState>? Changed;

    /// <summary>Returns true when this was a transition (the feed was not shared before).</summary>
    internal bool MarkShared(DateTime now)
    {
        ChangeFeedState next;
        lock (gate)
        {
            if (state.Shared) return false;
            next = state = state with { Shared = true, Since = now, Problem = null };
        }
        Changed?.Invoke(next);
        return true;
    }

    /// <summary>
    /// Records why changes are not shared; returns true when an outage begins (the feed was shared, or this is the first
    /// failure since start), so the caller warns once per outage, not once per reconnect attempt.
    /// </summary>
    internal bool MarkLost(DateTime now, string problem)
    {
        ChangeFeedState next;
        bool begins;
        lock (gate)
        {
            begins = state.Shared || state.Problem == Connecting;
            if (!begins && state.Problem == problem) return false;
            next = state = state with { Shared = false, Since = state.Shared ? now : state.Since, Problem = problem };
        }
        Changed?.Invoke(next);
        return begins;
    }

    /// <summary>A message on the channel that was unsigned, badly signed or oversized; raises <see cref="Changed"/> so Settings shows it.</summary>
    internal long CountDropped()
    {
        ChangeFeedState next;
        lock (gate) next = state = state with { Dropped = state.Dropped + 1 };
        Changed?.Invoke(next);
        return next.Dropped;
    }

    internal void CountNotShared()
    {
        lock (gate) state = state with { NotShared = state.NotShared + 1 };
    }
}
