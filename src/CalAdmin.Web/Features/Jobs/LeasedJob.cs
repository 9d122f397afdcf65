using CalAdmin.Web.Data;

namespace CalAdmin.Web.Features.Jobs;

/// <summary>
/// What <see cref="LeasedRun"/> needs of a job's run row (<c>SyncRun</c>, <c>ImportRun</c>, <c>ReconcileRun</c>). Each job
/// keeps its own table for its own figures; the interface is not mapped, so the model does not change.
/// </summary>
public interface ILeasedRunRow
{
    int Id { get; }
    DateTime StartedAt { get; }
    DateTime? FinishedAt { get; set; }
    bool Succeeded { get; set; }
    /// <summary>HTTP requests sent to Cal.com by the run, retries included.</summary>
    int RequestsMade { get; set; }
    string? Error { get; set; }
}

/// <summary>A kind of leased job: its lease and the words of its errors, notices and logs.</summary>
/// <param name="LeaseName">The <see cref="JobLease"/> that keeps two runs of any process from overlapping.</param>
/// <param name="Noun">As in "Another sync is running" and the lease holder "sync-run-12".</param>
/// <param name="Title">As in "Cal.com sync did not complete: …".</param>
/// <param name="AfterFailure">What a failure leaves behind, for the log (e.g. "nothing was written").</param>
public sealed record LeasedJob(string LeaseName, TimeSpan LeaseTtl, string Noun, string Title, string AfterFailure);

/// <summary>A job's own parts of a run; the rest (row, lease, meter, errors, notices, release) is <see cref="LeasedRun"/>'s.</summary>
public sealed class LeasedRunSteps<TRun> where TRun : class, ILeasedRunRow
{
    /// <summary>The job's work, run only while the lease is held; it fills in the row's figures.</summary>
    public required Func<LeasedRunScope, CancellationToken, Task> Work { get; init; }

    /// <summary>Once the row has its id, before the lease is asked for (e.g. to show progress).</summary>
    public Action<TRun>? Started { get; init; }

    /// <summary>The notice of a run that succeeded; null for a quiet one.</summary>
    public Func<TRun, string?>? Completed { get; init; }

    /// <summary>After the row is saved and the lease given back, however the run ended (e.g. progress, pruning).</summary>
    public Func<TRun, Task>? Finished { get; init; }
}

/// <summary>How a leased run ended.</summary>
/// <param name="Skipped">Another run held the lease, so this one did nothing but record that.</param>
/// <param name="Calls">The Cal.com requests the run made and its waits at the rate gate.</param>
public sealed record LeasedRunResult<TRun>(TRun Run, bool Skipped, TimeSpan Total, CalComCallMeter.Measurement Calls);

/// <summary>What a job's work may use while it holds the lease.</summary>
public sealed class LeasedRunScope
{
    private readonly LeasedRun owner;
    private readonly LeasedJob job;

    internal LeasedRunScope(LeasedRun owner, LeasedJob job, string holder, CalComCallMeter.Measurement calls)
    {
        this.owner = owner;
        this.job = job;
        Holder = holder;
        Calls = calls;
    }

    /// <summary>Who holds the lease, e.g. "sync-run-12".</summary>
    public string Holder { get; }

    public CalComCallMeter.Measurement Calls { get; }

    /// <summary>
    /// The one batch-write step: execution strategy → write gate → transaction → lease renewed → <paramref name="write"/>
    /// → saved and committed. A run that lost its lease commits nothing more.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<AppDbContext, CancellationToken, Task<T>> write, CancellationToken ct) =>
        owner.WriteAsync(job, Holder, write, ct);
}
