using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// Applies stored deliveries in arrival order, in batches, then tells open pages. One applier per process, and with
/// <see cref="ApplierLease"/> one per installation, keeps the rows of a booking from being written by two deliveries
/// at once. Pending rows left by a crash are applied at the next start.
/// </summary>
public sealed class InboxProcessor(
    WebhookInbox inbox,
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    ApplierLease lease,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    // Small enough that a batch holds SQLite's write lock only briefly, so acknowledgements are not kept waiting.
    private const int BatchSize = 25;
    private static readonly TimeSpan MaxBurstPause = TimeSpan.FromMilliseconds(250);
    private TaskCompletionSource passCompleted = NewSignal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.TryTakeAsync(stoppingToken))
                {
                    try { await ApplyAllAsync(stoppingToken); }
                    finally { await lease.ReleaseAsync(); }
                    Interlocked.Exchange(ref passCompleted, NewSignal()).TrySetResult();
                }
                else if (await AnyPendingAsync(stoppingToken))
                {
                    // Another server is applying and takes these rows with its own; should it finish just before
                    // they arrived, this server takes the lease on one of its next looks.
                    await Task.Delay(ApplierLease.RetryDelay, stoppingToken);
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Applying Cal.com deliveries failed; retrying on the next delivery");
            }
            // Woken by every stored delivery; the timeout also picks up rows replayed from the Webhooks page.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try { await inbox.Wake.WaitToReadAsync(timeout.Token); inbox.Wake.TryRead(out _); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        }
    }

    private async Task ApplyAllAsync(CancellationToken ct)
    {
        while (true)
        {
            var storedBefore = inbox.StoredCount;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var handled = await ProcessPendingAsync(ct);
            if (handled == 0 || !await lease.RenewAsync(ct)) return;
            // More arrived during the batch than it applied: a burst. Acknowledging is what Cal.com waits for (and
            // what it gives up on), so the applier takes at most a third of the time until the burst passes; what
            // it has not applied yet is safe in the inbox.
            if (inbox.StoredCount - storedBefore > handled)
                await Task.Delay(Min(System.Diagnostics.Stopwatch.GetElapsedTime(started) * 2, MaxBurstPause), ct);
        }
    }

    private async Task<bool> AnyPendingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.AnyAsync(d => d.Outcome == DeliveryOutcome.Pending, ct);
    }

    /// <summary>
    /// Completes once every delivery stored before the call has been handled (tests and benchmarks wait on this
    /// instead of sleeping).
    /// </summary>
    public async Task WaitForIdleAsync(CancellationToken ct)
    {
        while (true)
        {
            var pass = passCompleted.Task;
            inbox.WakeProcessor();
            await pass.WaitAsync(ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.WebhookDeliveries.AnyAsync(d => d.Outcome == DeliveryOutcome.Pending, ct)) return;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Applies up to one batch of pending deliveries in one transaction (one commit, not one per delivery, which is
    /// what keeps up with bursts on SQLite). If any of them fails, the batch is rolled back and applied one by one,
    /// so a bad delivery never holds up the others.
    /// </summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ids = await db.WebhookDeliveries.Where(d => d.Outcome == DeliveryOutcome.Pending)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return 0;

        var applied = ids.Count > 1 ? await TryApplyBatchAsync(ids, ct) : null;
        if (applied is null)
        {
            applied = [];
            foreach (var id in ids)
                if (await ApplyOneAsync(id, ct) is { } uid) applied.Add(uid);
        }
        await ApplyWaitingAsync(applied, ct);
        return ids.Count;
    }

    /// <summary>Returns the uids of the bookings that changed, or null when the batch had to be rolled back.</summary>
    private async Task<List<string>?> TryApplyBatchAsync(List<long> ids, CancellationToken ct)
    {
        var notices = new List<ChangeNotice>();
        var changed = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var turn = await writes.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var deliveries = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(ct);
            // One mirror for the batch: each host and event type is looked up once.
            var mirror = new BookingMirror(db, now);
            foreach (var delivery in deliveries)
            {
                var result = await ApplyAsync(mirror, delivery, ct);
                delivery.Outcome = OutcomeOf(result.Outcome);
                delivery.Error = result.Error;
                delivery.ProcessedAt = now;
                // Saved (not committed) per delivery, so the next one of the same booking sees this one's rows.
                await db.SaveChangesAsync(ct);
                notices.AddRange(result.Changes);
                if (result.Outcome == MirrorOutcome.Applied && delivery.BookingUid is { } uid) changed.Add(uid);
            }
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or FormatException)
        {
            await tx.RollbackAsync(ct);
            logger.LogWarning(ex, "A batch of {Count} deliveries failed; applying them one by one", ids.Count);
            return null;
        }

        logger.LogInformation("Applied a batch of {Count} Cal.com deliveries", ids.Count);
        var coalesced = Coalesce(notices).ToList();
        foreach (var notice in coalesced) feed.Publish(notice);
        // The batch's deliveries, so that a booking's page can tell whether its timeline gained one.
        feed.Publish(new ChangeNotice(ChangeNotice.Webhooks, ids.ConvertAll(id => id.ToString())) { Announced = AnnouncedBookings(coalesced) });
        return changed;
    }

    /// <summary>The bookings the bookings notices among <paramref name="published"/> named (see <see cref="ChangeNotice.Announced"/>).</summary>
    private static List<string> AnnouncedBookings(IEnumerable<ChangeNotice> published) =>
        published.Where(n => n.Topic == ChangeNotice.Bookings).SelectMany(n => n.Ids).Distinct().ToList();

    /// <summary>One notice per topic for a batch: open pages re-query once, not once per delivery.</summary>
    private static IEnumerable<ChangeNotice> Coalesce(List<ChangeNotice> notices) =>
        notices.GroupBy(n => n.Topic).Select(g => g.Count() == 1
            ? g.First()
            : new ChangeNotice(g.Key, g.SelectMany(n => n.Ids).Distinct().ToList(),
                g.Key == ChangeNotice.Bookings ? $"Cal.com: {g.Count()} booking changes" : g.First().Message));

    /// <summary>Re-applies one stored delivery (the Webhooks page's Replay); applying is idempotent.</summary>
    public async Task<DeliveryOutcome> ReplayAsync(long id, CancellationToken ct)
    {
        if (await ApplyOneAsync(id, ct) is { } uid) await ApplyWaitingAsync([uid], ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.Where(d => d.Id == id).Select(d => d.Outcome).FirstAsync(ct);
    }

    /// <summary>Applies one delivery in its own transaction; returns the booking uid when booking rows changed.</summary>
    private async Task<string?> ApplyOneAsync(long id, CancellationToken ct)
    {
        // A CalAdmin action writes Cal.com's answer into the mirror while its webhook may already be here: if both
        // insert the same new booking, the loser sees a unique-key conflict. Trying again reads the winner's row.
        try
        {
            return await ApplyOneAttemptAsync(id, retrying: false, ct);
        }
        catch (DbUpdateException)
        {
            return await ApplyOneAttemptAsync(id, retrying: true, ct);
        }
    }

    private async Task<string?> ApplyOneAttemptAsync(long id, bool retrying, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;

        MirrorResult result;
        using (await writes.EnterAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                result = await ApplyAsync(new BookingMirror(db, now), delivery, ct);
                delivery.Outcome = OutcomeOf(result.Outcome);
                delivery.Error = result.Error;
                delivery.ProcessedAt = now;
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException) when (!retrying)
            {
                await tx.RollbackAsync(ct);
                throw;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or FormatException)
            {
                await tx.RollbackAsync(ct);
                logger.LogError(ex, "Could not apply {Trigger} delivery {DeliveryId} for booking {BookingUid}", delivery.Trigger, id, delivery.BookingUid);
                db.ChangeTracker.Clear();
                await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Outcome, DeliveryOutcome.Failed)
                    .SetProperty(d => d.Error, Truncate(ex.GetBaseException().Message))
                    .SetProperty(d => d.ProcessedAt, now), ct);
                feed.Publish(new ChangeNotice(ChangeNotice.Webhooks, [id.ToString()]));
                return null;
            }
        }

        logger.LogInformation("Applied {Trigger} delivery {DeliveryId} to booking {BookingUid}: {Outcome}", delivery.Trigger, id, delivery.BookingUid, result.Outcome);
        foreach (var change in result.Changes) feed.Publish(change);
        feed.Publish(new ChangeNotice(ChangeNotice.Webhooks, [id.ToString()]) { Announced = AnnouncedBookings(result.Changes) });
        return result.Outcome == MirrorOutcome.Applied ? delivery.BookingUid : null;
    }

    /// <summary>Partial updates that arrived before their booking are applied once the booking is there.</summary>
    private async Task ApplyWaitingAsync(List<string> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return;
        List<long> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            waiting = await db.WebhookDeliveries.Where(d => d.Outcome == DeliveryOutcome.Waiting && uids.Contains(d.BookingUid!))
                .OrderBy(d => d.CalComCreatedAt).ThenBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        foreach (var id in waiting) await ApplyOneAsync(id, ct);
    }

    private static Task<MirrorResult> ApplyAsync(BookingMirror mirror, WebhookDelivery delivery, CancellationToken ct) =>
        mirror.ApplyWebhookAsync(delivery.Trigger, delivery.BookingUid, delivery.CalComCreatedAt, delivery.RawBody, ct);

    private static DeliveryOutcome OutcomeOf(MirrorOutcome outcome) => outcome switch
    {
        MirrorOutcome.Applied => DeliveryOutcome.Applied,
        MirrorOutcome.Stale => DeliveryOutcome.Stale,
        MirrorOutcome.Waiting => DeliveryOutcome.Waiting,
        MirrorOutcome.Ignored => DeliveryOutcome.Ignored,
        _ => DeliveryOutcome.Failed,
    };

    private static string Truncate(string s) => s.Length <= 2000 ? s : s[..2000];
}
