using System.Diagnostics;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

public sealed record ImportOutcome(ImportRun Run, bool Skipped, TimeSpan Total);

/// <summary>
/// The first import of the team's bookings (issue 6, item 0): every booking in the window read through the client
/// (and its shared rate gate), then written in batches through <see cref="BookingMirror"/> (as webhooks and
/// reconciliation are; docs/mirror.md), so an imported booking is exactly what the same booking arriving by webhook would be. A
/// booking the mirror already has at this state or newer is left alone, so a second import writes nothing and never
/// undoes a newer webhook.
/// </summary>
public sealed class BookingImport(
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    CalComClient client,
    CalComCallMeter meter,
    SyncProgress progress,
    IChangeFeed feed,
    IOptions<ImportOptions> options,
    IOptions<CalComOptions> calCom,
    TimeProvider clock,
    ILogger<BookingImport> logger)
{
    public const string LeaseName = "calcom-booking-import";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(30);

    /// <summary>The first import is due until one has succeeded.</summary>
    public async Task<bool> IsDueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.ImportRuns.AnyAsync(r => r.Succeeded, ct);
    }

    /// <summary>
    /// Due at startup when the mirror is empty, or when an earlier import started and never finished
    /// (its batches are kept, and the next run carries on).
    /// </summary>
    public async Task<bool> IsDueAtStartupAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ImportRuns.AnyAsync(r => r.Succeeded, ct)) return false;
        return !await db.Bookings.AnyAsync(ct) || await db.ImportRuns.AnyAsync(ct);
    }

    public async Task<ImportOutcome> RunAsync(SyncTrigger trigger, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        var o = options.Value;
        var now = Now;
        var run = new ImportRun { Trigger = trigger, StartedAt = now, WindowStartUtc = now.Date.AddDays(-o.DaysBack), WindowEndUtc = now.Date.AddDays(o.DaysAhead + 1) };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        var holder = $"import-run-{run.Id}";
        using var measurement = meter.Start();
        progress.Report(new ImportProgressState(true, run.Id, SyncPhases.FetchingBookings, 0, 0, 0, run.StartedAt));
        feed.Publish(new ChangeNotice(ChangeNotice.Sync, []));

        var leased = false;
        var skipped = false;
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                leased = await JobLeases.TryAcquireAsync(db, LeaseName, holder, Now, LeaseTtl, ct);
            if (!leased)
            {
                skipped = true;
                run.Error = "Another import is running; this run did nothing.";
            }
            else
            {
                var bookings = await client.GetAllBookingsAsync(new CalComBookingFilter(
                    AfterStart: new DateTimeOffset(run.WindowStartUtc, TimeSpan.Zero), BeforeEnd: new DateTimeOffset(run.WindowEndUtc, TimeSpan.Zero),
                    TeamId: calCom.Value.TeamId), ct);
                run.Fetched = bookings.Count;
                progress.Report(progress.Import with { Phase = SyncPhases.Applying, PagesFetched = measurement.Requests, Fetched = bookings.Count });

                // Oldest change first, as webhooks would have come; the applier orders by these times anyway.
                var ordered = bookings.OrderBy(ListedBookings.ChangedAt).ToList();
                foreach (var batch in ordered.Chunk(Math.Max(1, o.BatchSize)))
                {
                    var (imported, unchanged) = await ApplyBatchAsync(batch, holder, ct);
                    run.Imported += imported;
                    run.Unchanged += unchanged;
                    progress.Report(progress.Import with { Applied = run.Imported + run.Unchanged });
                    if (imported > 0) feed.Publish(new ChangeNotice(ChangeNotice.Bookings, []));
                }
                run.Succeeded = true;
                logger.LogInformation("Imported {Imported} of {Fetched} Cal.com bookings ({Unchanged} already current) with {Requests} requests",
                    run.Imported, run.Fetched, run.Unchanged, measurement.Requests);
            }
        }
        catch (Exception ex)
        {
            run.Error = ex is OperationCanceledException && ct.IsCancellationRequested ? "Cancelled (CalAdmin is shutting down or the job was stopped)." : ex.Message;
            logger.LogWarning(ex, "Booking import {RunId} failed after {Imported} bookings", run.Id, run.Imported);
            if (ct.IsCancellationRequested) throw;
        }
        finally
        {
            run.RequestsMade = measurement.Requests;
            run.FinishedAt = Now;
            await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
            {
                db.ImportRuns.Update(run);
                await db.SaveChangesAsync(CancellationToken.None);
                if (leased) await JobLeases.ReleaseAsync(db, LeaseName, holder, CancellationToken.None);
            }
            progress.Report(progress.Import with { Running = false, Phase = SyncPhases.Finished });
            feed.Publish(new ChangeNotice(ChangeNotice.Sync, [], run.Succeeded
                ? (run.Imported > 0 ? $"Imported {run.Imported} bookings from Cal.com" : null)
                : $"Booking import did not complete: {run.Error}"));
        }
        return new ImportOutcome(run, skipped, total.Elapsed);
    }

    private async Task<(int Imported, int Unchanged)> ApplyBatchAsync(CalComBooking[] batch, string holder, CancellationToken ct)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // In turn with the webhook applier on SQLite (see WriteGate).
            using var turn = await writes.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await JobLeases.RenewAsync(db, LeaseName, holder, Now, LeaseTtl, ct))
                throw new InvalidOperationException("This import lost its lease to another run.");
            var uids = batch.Select(b => b.Uid).ToList();
            var known = await db.Bookings.Where(b => uids.Contains(b.Uid)).Select(b => new { b.Uid, b.LastEventAt }).ToDictionaryAsync(b => b.Uid, b => b.LastEventAt, ct);
            int imported = 0, unchanged = 0;
            var now = Now;
            // One mirror for the batch, as the inbox does: each host and event type is looked up once.
            var mirror = new BookingMirror(db, now);
            foreach (var booking in batch)
            {
                var at = ListedBookings.ChangedAt(booking);
                if (known.TryGetValue(booking.Uid, out var last) && last is not null && last >= at)
                {
                    unchanged++;
                    continue;
                }
                var result = await mirror.ApplyListedAsync(booking, hostChangeSource: null, ct);
                if (result.Outcome == MirrorOutcome.Applied) imported++;
                else if (result.Outcome == MirrorOutcome.Stale) unchanged++;
                else logger.LogWarning("Booking {BookingUid} was not imported: {Outcome} {Error}", booking.Uid, result.Outcome, result.Error);
                // Later bookings of the batch may be the same booking's reschedule: let them find this one.
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return (imported, unchanged);
        });
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
