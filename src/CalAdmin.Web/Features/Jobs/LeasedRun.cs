using System.Diagnostics;
using System.Globalization;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Microsoft.EntityFrameworkCore;

// A feature folder, not Infrastructure: the jobs' plumbing owns a table (JobLeases) and the Cal.com call meter.
namespace CalAdmin.Web.Features.Jobs;

/// <summary>
/// One run of a leased job (the team sync, the first booking import, reconciliation, any later one), the same way every
/// time: its run row is recorded first, the job's <see cref="JobLease"/> taken (a second run while one holds it records
/// that and does nothing), its Cal.com requests counted, its work done, its error in words a user can read, the row
/// saved even when cancelled, the lease given back and the end announced on the change feed.
/// </summary>
public sealed class LeasedRun(
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    CalComCallMeter meter,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<LeasedRun> logger)
{
    public const string CancelledError = "Cancelled (CalAdmin is shutting down or the job was stopped).";

    public async Task<LeasedRunResult<TRun>> RunAsync<TRun>(LeasedJob job, TRun run, LeasedRunSteps<TRun> steps, CancellationToken ct)
        where TRun : class, ILeasedRunRow
    {
        var total = Stopwatch.StartNew();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Add(run);
            await db.SaveChangesAsync(ct);
        }
        var holder = $"{job.Noun}-run-{run.Id.ToString(CultureInfo.InvariantCulture)}";
        using var calls = meter.Start();
        steps.Started?.Invoke(run);
        feed.Publish(new ChangeNotice(ChangeNotice.Sync, [Id(run)]));

        bool leased = false, skipped = false;
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                leased = await JobLeases.TryAcquireAsync(db, job.LeaseName, holder, Now, job.LeaseTtl, ct);
                skipped = !leased;
                if (skipped)
                    run.Error = $"Another {job.Noun} is running ({await JobLeases.HolderAsync(db, job.LeaseName, Now, ct) ?? "unknown"}); this run did nothing.";
            }
            if (leased)
            {
                await steps.Work(new LeasedRunScope(this, job, holder, calls), ct);
                run.Succeeded = true;
            }
        }
        catch (Exception ex)
        {
            run.Error = Describe(ex, ct);
            logger.LogWarning(ex, "{Job} run {RunId} failed; {AfterFailure}", job.Title, run.Id, job.AfterFailure);
            if (ct.IsCancellationRequested) throw;
        }
        finally
        {
            run.RequestsMade = calls.Requests;
            run.FinishedAt = Now;
            await FinishAsync(job, run, leased ? holder : null);
            if (steps.Finished is not null) await steps.Finished(run);
            // A skipped run is in the history; only a real failure is announced.
            var message = run.Succeeded ? steps.Completed?.Invoke(run) : skipped ? null : $"{job.Title} did not complete: {run.Error}";
            feed.Publish(new ChangeNotice(ChangeNotice.Sync, [Id(run)], message));
        }
        return new LeasedRunResult<TRun>(run, skipped, total.Elapsed, calls);
    }

    /// <summary>True while a run of <paramref name="job"/> in any process holds its lease.</summary>
    public async Task<bool> IsRunningAsync(LeasedJob job, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await JobLeases.HolderAsync(db, job.LeaseName, Now, ct) is not null;
    }

    /// <summary>The one set of error texts a run row (and so the Sync page) shows.</summary>
    public static string Describe(Exception ex, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => CancelledError,
        CalComException calCom => calCom.Message + (calCom.StatusCode is { } status ? $" (HTTP {(int)status})" : ""),
        _ => ex.Message,
    };

    internal async Task<T> WriteAsync<T>(LeasedJob job, string holder, Func<AppDbContext, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        // SQL Server's retrying strategy only allows a user transaction inside the strategy.
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // In turn with the webhook applier on SQLite (see WriteGate).
            using var turn = await writes.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Taking the write lock first: a run that lost its lease (expired, taken over) commits nothing more.
            if (!await JobLeases.RenewAsync(db, job.LeaseName, holder, Now, job.LeaseTtl, ct))
                throw new InvalidOperationException($"This {job.Noun} lost its lease to another run, so it stopped before writing more.");
            var result = await write(db, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        });
    }

    private async Task FinishAsync<TRun>(LeasedJob job, TRun run, string? holder) where TRun : class, ILeasedRunRow
    {
        // Recorded even when the run was cancelled: the history must show it.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.Update(run);
        await db.SaveChangesAsync(CancellationToken.None);
        if (holder is not null) await JobLeases.ReleaseAsync(db, job.LeaseName, holder, CancellationToken.None);
    }

    private static string Id(ILeasedRunRow run) => run.Id.ToString(CultureInfo.InvariantCulture);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
