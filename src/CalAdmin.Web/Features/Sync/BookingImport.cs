using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Sync;

public sealed record BookingImportResult(ImportRun Run, bool Skipped, TimeSpan Total);

/// <summary>
/// The first import of the team's bookings (issue 6, item 0): every booking in the window read through the client
/// (and its shared rate gate), then written in batches through <see cref="BookingMirror"/> (as webhooks and
/// reconciliation are; docs/mirror.md), so an imported booking is exactly what the same booking arriving by webhook would be. A
/// booking the mirror already has at this state or newer is left alone, so a second import writes nothing and never
/// undoes a newer webhook. Runs as a <see cref="LeasedRun"/> of <see cref="Job"/>.
/// </summary>
public sealed class BookingImport(
    IDbContextFactory<AppDbContext> dbFactory,
    LeasedRun runs,
    CalComClient client,
    SyncProgress progress,
    IChangeFeed feed,
    IOptions<ImportOptions> options,
    IOptions<CalComOptions> calCom,
    TimeProvider clock,
    ILogger<BookingImport> logger)
{
    public const string LeaseName = "calcom-booking-import";

    public static readonly LeasedJob Job = new(LeaseName, TimeSpan.FromMinutes(30), "import", "Booking import",
        "the batches written so far are kept and the next run carries on");

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

    public async Task<BookingImportResult> RunAsync(SyncTrigger trigger, CancellationToken ct = default)
    {
        var o = options.Value;
        var now = Now;
        var run = new ImportRun { Trigger = trigger, StartedAt = now, WindowStartUtc = now.Date.AddDays(-o.DaysBack), WindowEndUtc = now.Date.AddDays(o.DaysAhead + 1) };
        var result = await runs.RunAsync(Job, run, new LeasedRunSteps<ImportRun>
        {
            Started = started => progress.Report(new ImportProgressState(true, started.Id, SyncPhases.FetchingBookings, 0, 0, 0, started.StartedAt)),
            Work = (scope, token) => ImportAsync(run, scope, token),
            Finished = _ =>
            {
                progress.Report(progress.Import with { Running = false, Phase = SyncPhases.Finished });
                return Task.CompletedTask;
            },
            Completed = done => done.Imported > 0 ? $"Imported {done.Imported} bookings from Cal.com" : null,
        }, ct);
        return new BookingImportResult(run, result.Skipped, result.Total);
    }

    private async Task ImportAsync(ImportRun run, LeasedRunScope scope, CancellationToken ct)
    {
        var bookings = await client.GetAllBookingsAsync(new CalComBookingFilter(
            AfterStart: new DateTimeOffset(run.WindowStartUtc, TimeSpan.Zero), BeforeEnd: new DateTimeOffset(run.WindowEndUtc, TimeSpan.Zero),
            TeamId: calCom.Value.TeamId), ct);
        run.Fetched = bookings.Count;
        progress.Report(progress.Import with { Phase = SyncPhases.Applying, PagesFetched = scope.Calls.Requests, Fetched = bookings.Count });

        // Oldest change first, as webhooks would have come; the applier orders by these times anyway.
        var ordered = bookings.OrderBy(ListedBookings.ChangedAt).ToList();
        foreach (var batch in ordered.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var (imported, unchanged) = await scope.WriteAsync((db, c) => ApplyBatchAsync(db, batch, c), ct);
            run.Imported += imported;
            run.Unchanged += unchanged;
            progress.Report(progress.Import with { Applied = run.Imported + run.Unchanged });
            if (imported > 0) feed.Publish(new ChangeNotice(ChangeNotice.Bookings, []));
        }
        logger.LogInformation("Imported {Imported} of {Fetched} Cal.com bookings ({Unchanged} already current) with {Requests} requests",
            run.Imported, run.Fetched, run.Unchanged, scope.Calls.Requests);
    }

    /// <summary>One batch, inside the run's batch-write step (<see cref="LeasedRunScope.WriteAsync{T}"/>).</summary>
    private async Task<(int Imported, int Unchanged)> ApplyBatchAsync(AppDbContext db, CalComBooking[] batch, CancellationToken ct)
    {
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
        return (imported, unchanged);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
