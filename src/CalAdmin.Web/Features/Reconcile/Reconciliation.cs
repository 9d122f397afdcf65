using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Reconcile;

public sealed record ReconcileOutcome(ReconcileRun Run, bool Skipped);

/// <summary>
/// Cal.com delivers each webhook at most once, so CalAdmin goes looking for the changes it was never told about: every
/// booking of the team Cal.com updated since the last successful run (all pages, through the shared rate gate) is
/// compared with its mirror row and, where they differ, written through <see cref="BookingMirror"/> (the path of the
/// first import and of webhooks). A host change found this way goes into the reassignment history with source
/// Reconciliation.
/// <para>
/// Ordering: the mirror's <see cref="Booking.LastEventAt"/> is the Cal.com time of the newest state applied (a webhook's
/// createdAt, or the updatedAt an import or reconciliation wrote). A listed booking whose updatedAt is not newer is left
/// alone: the mirror already holds that state or a later one, and an older read must never undo a newer webhook. A newer
/// one is written only when it really differs, so the webhooks that confirm CalAdmin's own actions are not repeated.
/// </para>
/// <para>
/// Exactly once in the history, in both orders: when reconciliation wrote the host change first, the late
/// BOOKING_REASSIGNED finds the booking already with that host (and the history ending with it) and adds nothing; when
/// the webhook came first, reconciliation finds the host current and adds nothing; a reassignment made in CalAdmin is
/// in the mirror and the history before reconciliation looks.
/// </para>
/// <para>
/// A run that fails (Cal.com down, a page that keeps failing) does not move the watermark: the next run reads the same
/// span again and, since writing a state that is already there changes nothing, converges. A lease keeps two runs (of
/// any process) from overlapping.
/// </para>
/// </summary>
public sealed class Reconciliation(
    IDbContextFactory<AppDbContext> dbFactory,
    LeasedRun runs,
    CalComClient client,
    IChangeFeed feed,
    IOptions<ReconcileOptions> options,
    IOptions<CalComOptions> calCom,
    TimeProvider clock,
    ILogger<Reconciliation> logger)
{
    public const string LeaseName = "calcom-reconcile";
    /// <summary>The fixes kept per run for the Sync page; the run's own figures count them all.</summary>
    public const int FixesKeptPerRun = 200;
    /// <summary>Runs kept (about five days at the default schedule); the last successful one is always kept.</summary>
    public const int RunsKept = 500;

    public static readonly LeasedJob Job = new(LeaseName, TimeSpan.FromMinutes(15), "reconciliation", "Reconciliation",
        "the next run starts from the same watermark");

    public async Task<ReconcileOutcome> RunAsync(SyncTrigger trigger, CancellationToken ct = default)
    {
        var run = new ReconcileRun { Trigger = trigger, StartedAt = Now };
        var result = await runs.RunAsync(Job, run, new LeasedRunSteps<ReconcileRun>
        {
            Work = (scope, token) => ReconcileAsync(run, scope, token),
            Finished = _ => PruneAsync(),
            Completed = done => done.Fixed > 0 ? $"Reconciliation fixed {done.Fixed} booking{(done.Fixed == 1 ? "" : "s")} Cal.com had not reported" : null,
        }, ct);
        return new ReconcileOutcome(run, result.Skipped);
    }

    /// <summary>True while a reconciliation of any process holds the lease.</summary>
    public Task<bool> IsRunningAsync(CancellationToken ct = default) => runs.IsRunningAsync(Job, ct);

    private async Task ReconcileAsync(ReconcileRun run, LeasedRunScope scope, CancellationToken ct)
    {
        var o = options.Value;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            (run.Watermark, run.WatermarkBasis) = await WatermarkAsync(db, ct);
        var bookings = await ReadChangedAsync(run, ct);
        run.Seen = bookings.Count;
        // Oldest change first, as the webhooks would have come, but replacements after the rest: applying a replacement also marks its original as rescheduled, and the
        // original's own fix must be recorded first (else the run would count it only by chance of order).
        foreach (var batch in bookings.OrderBy(b => b.RescheduledFromUid is null ? 0 : 1).ThenBy(ListedBookings.ChangedAt).Chunk(Math.Max(1, o.BatchSize)))
            await ApplyBatchAsync(run, batch, scope, ct);
        run.NextWatermark = run.StartedAt - o.Overlap;
        logger.LogInformation("Reconciliation {RunId}: {Seen} bookings updated in Cal.com since {Watermark:O}, {Fixed} fixed ({Added} added), {Reassignments} reassignments found, {Requests} requests",
            run.Id, run.Seen, run.Watermark, run.Fixed, run.Added, run.ReassignmentsFound, scope.Calls.Requests);
    }

    /// <summary>
    /// The <c>afterUpdatedAt</c> of the next run: the last successful run's <see cref="ReconcileRun.NextWatermark"/>; before
    /// any, the start of the first successful import minus the overlap (the mirror was complete from then on); before that,
    /// <see cref="ReconcileOptions.FirstRunLookbackHours"/> back.
    /// </summary>
    public async Task<(DateTime Watermark, ReconcileWatermarkBasis Basis)> WatermarkAsync(AppDbContext db, CancellationToken ct)
    {
        var o = options.Value;
        var last = await db.ReconcileRuns.Where(r => r.Succeeded && r.NextWatermark != null)
            .OrderByDescending(r => r.Id).Select(r => r.NextWatermark).FirstOrDefaultAsync(ct);
        if (last is { } fromRun) return (fromRun, ReconcileWatermarkBasis.LastRun);
        var import = await db.ImportRuns.Where(r => r.Succeeded).OrderBy(r => r.Id).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(ct);
        if (import is { } imported) return (imported - o.Overlap, ReconcileWatermarkBasis.FirstImport);
        return (Now - TimeSpan.FromHours(o.FirstRunLookbackHours), ReconcileWatermarkBasis.Lookback);
    }

    /// <summary>
    /// Every page of the team's bookings (of any status) updated since the watermark. Pages can shift while they are read,
    /// but only towards duplicates: a booking updated meanwhile stays in the list (its updatedAt only grows) and a new one
    /// is also new to the next run. A booking listed twice counts once, in its latest state (CalComClient).
    /// </summary>
    private async Task<IReadOnlyList<CalComBooking>> ReadChangedAsync(ReconcileRun run, CancellationToken ct) =>
        await client.GetAllBookingsAsync(
            new CalComBookingFilter(AfterUpdatedAt: new DateTimeOffset(run.Watermark!.Value, TimeSpan.Zero), TeamId: calCom.Value.TeamId),
            () => run.Pages++, ct);

    /// <summary>Compares and writes one batch in one transaction, with the run's fixes; its bookings are announced after the commit.</summary>
    private async Task ApplyBatchAsync(ReconcileRun run, CalComBooking[] batch, LeasedRunScope scope, CancellationToken ct)
    {
        var (fixes, reassignments, hostsCreated) = await scope.WriteAsync(async (db, _) =>
        {
            var now = Now;
            var mirror = new BookingMirror(db, now);
            var found = new List<ReconcileFix>();
            var reassigned = 0;
            foreach (var b in batch)
            {
                if (await FixAsync(mirror, b, ct) is not { } fix) continue;
                found.Add(fix.Fix);
                if (fix.Reassigned) reassigned++;
                // Later bookings of the batch may be this one's reschedule: let them find it.
                await db.SaveChangesAsync(ct);
            }
            var kept = Math.Max(0, FixesKeptPerRun - run.Fixed);
            foreach (var fix in found.Take(kept))
            {
                fix.RunId = run.Id;
                db.ReconcileFixes.Add(fix);
            }
            return (found, reassigned, mirror.HostsCreated);
        }, ct);
        run.Fixed += fixes.Count;
        run.Added += fixes.Count(f => f.Added);
        run.ReassignmentsFound += reassignments;
        if (fixes.Count == 0) return;
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, fixes.Select(f => f.BookingUid).ToList(),
            $"Reconciliation: {fixes.Count} booking{(fixes.Count == 1 ? "" : "s")} brought up to date with Cal.com"));
        if (hostsCreated > 0) feed.Publish(new ChangeNotice(ChangeNotice.Hosts, [], "Cal.com: a new host appeared and needs review"));
    }

    private sealed record Fixed(ReconcileFix Fix, bool Reassigned);

    /// <summary>Brings one booking's row to Cal.com's state when it is missing or differs; null when the row was current.</summary>
    private async Task<Fixed?> FixAsync(BookingMirror mirror, CalComBooking b, CancellationToken ct)
    {
        var at = ListedBookings.ChangedAt(b);
        var row = await mirror.LoadAsync(b.Uid, ct);
        // The mirror holds this state or a newer one (a webhook, an earlier run, the import).
        if (row?.LastEventAt is { } last && last >= at) return null;
        var changes = row is null ? [MirrorDifference.DescribeMissing(b)] : MirrorDifference.Describe(row, b);
        if (changes.Count == 0) return null;

        var result = await mirror.ApplyListedAsync(b, ReassignmentSource.Reconciliation, ct);
        if (result.Outcome != MirrorOutcome.Applied)
        {
            // E.g. Cal.com lists as accepted a booking the mirror has as cancelled: a closed booking is never reopened.
            logger.LogWarning("Reconciliation left booking {BookingUid} as it is: {Outcome} {Reason}", b.Uid, result.Outcome, result.Error);
            return null;
        }
        var reassigned = result.Reassigned;

        var title = row?.Title ?? b.Title ?? "(untitled)";
        return new Fixed(new ReconcileFix
        {
            BookingUid = b.Uid, Title = Truncate(title, 200), Added = row is null,
            Changes = Truncate(string.Join("; ", changes), 1000), ChangedAt = at,
        }, reassigned);
    }

    /// <summary>Keeps the newest <see cref="RunsKept"/> runs (their fixes go with them) and always the last successful one.</summary>
    private async Task PruneAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var oldestKept = await db.ReconcileRuns.OrderByDescending(r => r.Id).Skip(RunsKept - 1).Select(r => (int?)r.Id).FirstOrDefaultAsync();
            if (oldestKept is null) return;
            var lastSuccess = await db.ReconcileRuns.Where(r => r.Succeeded).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync() ?? 0;
            await db.ReconcileFixes.Where(f => f.RunId < oldestKept && f.RunId != lastSuccess).ExecuteDeleteAsync();
            await db.ReconcileRuns.Where(r => r.Id < oldestKept && r.Id != lastSuccess).ExecuteDeleteAsync();
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            logger.LogWarning(ex, "Old reconciliation runs could not be removed; the next run tries again");
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
