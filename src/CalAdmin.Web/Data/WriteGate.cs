using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Web.Data;

/// <summary>
/// Takes turns for the webhook path's writes inside this process. SQLite has one writer per database file; when two
/// connections collide, Microsoft.Data.Sqlite retries the loser by sleeping its thread, which under a burst of
/// deliveries stalls acknowledgements by hundreds of milliseconds and starves the thread pool. Waiting here instead
/// is asynchronous and in arrival order, so the inbox's INSERTs and the applier's batches never meet in SQLite.
/// On SQL Server (row locks, many writers) the gate is open.
/// </summary>
public sealed class WriteGate(AppDbContextOptions options)
{
    private readonly SemaphoreSlim? gate = options.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    private int waiting;

    /// <summary>Writers queued for their turn right now (a job's batch waiting behind the webhook applier, say).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public async ValueTask<Turn> EnterAsync(CancellationToken ct)
    {
        if (gate is null) return default;
        if (!gate.Wait(0))
        {
            Interlocked.Increment(ref waiting);
            try { await gate.WaitAsync(ct); }
            finally { Interlocked.Decrement(ref waiting); }
        }
        return new Turn(gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
