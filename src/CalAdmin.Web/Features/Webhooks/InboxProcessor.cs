using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// Applies stored deliveries in arrival order, one transaction each, then tells open pages. One applier per process
/// keeps the rows of a booking from being written by two deliveries at once. Pending rows left by a crash are
/// applied at the next start.
/// </summary>
public sealed class InboxProcessor(
    WebhookInbox inbox,
    IDbContextFactory<AppDbContext> dbFactory,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private TaskCompletionSource passCompleted = NewSignal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessPendingAsync(stoppingToken) > 0) { }
                Interlocked.Exchange(ref passCompleted, NewSignal()).TrySetResult();
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Applies up to one batch of pending deliveries; returns how many it handled.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ids = await db.WebhookDeliveries.Where(d => d.Outcome == DeliveryOutcome.Pending)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);

        foreach (var id in ids)
        {
            var uid = await ApplyOneAsync(id, ct);
            if (uid is not null) await ApplyWaitingAsync(uid, ct);
        }
        return ids.Count;
    }

    /// <summary>Re-applies one stored delivery (the Webhooks page's Replay); applying is idempotent.</summary>
    public async Task<DeliveryOutcome> ReplayAsync(long id, CancellationToken ct)
    {
        var uid = await ApplyOneAsync(id, ct);
        if (uid is not null) await ApplyWaitingAsync(uid, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.Where(d => d.Id == id).Select(d => d.Outcome).FirstAsync(ct);
    }

    /// <summary>Applies one delivery in its own transaction; returns the booking uid when booking rows changed.</summary>
    private async Task<string?> ApplyOneAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;

        ApplyResult result;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                result = await DeliveryApplier.ApplyAsync(db, delivery, now, ct);
                delivery.Outcome = result.Outcome;
                delivery.Error = result.Error;
                delivery.ProcessedAt = now;
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
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
        feed.Publish(new ChangeNotice(ChangeNotice.Webhooks, [id.ToString()]));
        return result.Outcome == DeliveryOutcome.Applied ? delivery.BookingUid : null;
    }

    /// <summary>Partial updates that arrived before their booking are applied once the booking is there.</summary>
    private async Task ApplyWaitingAsync(string uid, CancellationToken ct)
    {
        List<long> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            waiting = await db.WebhookDeliveries.Where(d => d.BookingUid == uid && d.Outcome == DeliveryOutcome.Waiting)
                .OrderBy(d => d.CalComCreatedAt).ThenBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        foreach (var id in waiting) await ApplyOneAsync(id, ct);
    }

    private static string Truncate(string s) => s.Length <= 2000 ? s : s[..2000];
}
