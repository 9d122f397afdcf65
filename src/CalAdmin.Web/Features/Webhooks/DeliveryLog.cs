using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

public sealed record DeliveryFilter(DeliveryOutcome? Outcome = null, string? Trigger = null, string? BookingUid = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record DeliveryRow(long Id, DateTime ReceivedAt, string Trigger, string? BookingUid, DateTime? CalComCreatedAt, DeliveryOutcome Outcome, string? Error, int DuplicateCount);

public sealed record DeliveryFigures(int Last24h, IReadOnlyDictionary<DeliveryOutcome, int> ByOutcome, int RejectedLast24h, int RejectedTotal);

/// <summary>The admins' view of the inbox: what arrived, what became of it, and Replay.</summary>
public sealed class DeliveryLog(IDbContextFactory<AppDbContext> dbFactory, InboxProcessor processor, TimeProvider clock)
{
    public async Task<(IReadOnlyList<DeliveryRow> Rows, int Total)> PageAsync(DeliveryFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.WebhookDeliveries.AsNoTracking();
        if (filter.Outcome is { } outcome) query = query.Where(d => d.Outcome == outcome);
        if (filter.Trigger is { Length: > 0 } trigger) query = query.Where(d => d.Trigger == trigger);
        if (filter.BookingUid is { Length: > 0 } uid) query = query.Where(d => d.BookingUid == uid.Trim());
        if (filter.FromUtc is { } from) query = query.Where(d => d.ReceivedAt >= from);
        if (filter.ToUtc is { } to) query = query.Where(d => d.ReceivedAt < to);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.Id).Skip(page * pageSize).Take(pageSize)
            .Select(d => new DeliveryRow(d.Id, d.ReceivedAt, d.Trigger, d.BookingUid, d.CalComCreatedAt, d.Outcome, d.Error, d.DuplicateCount))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<string?> RawBodyAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.Where(d => d.Id == id).Select(d => d.RawBody).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<string>> TriggersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.Select(d => d.Trigger).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    public async Task<DeliveryFigures> FiguresAsync(CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byOutcome = await db.WebhookDeliveries.Where(d => d.ReceivedAt >= since).GroupBy(d => d.Outcome)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var rejected24 = await db.WebhookRejections.Where(r => r.Hour >= since.AddHours(-1)).SumAsync(r => r.Count, ct);
        var rejectedAll = await db.WebhookRejections.SumAsync(r => r.Count, ct);
        return new DeliveryFigures(byOutcome.Values.Sum(), byOutcome, rejected24, rejectedAll);
    }

    /// <summary>Re-applies a stored delivery (idempotent). Admins only, checked here and not only by the page.</summary>
    public async Task<DeliveryOutcome> ReplayAsync(ClaimsPrincipal actor, long id, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) throw new UnauthorizedAccessException("Only admins can replay deliveries.");
        if (await RawBodyAsync(id, ct) == PayloadPurge.Purged)
            throw new PayloadPurgedException($"Delivery #{id} cannot be replayed: its payload was removed after CalAdmin:Webhooks:KeepPayloadDays.");
        var outcome = await processor.ReplayAsync(id, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(Audit.Audit.Entry(actor, "webhook.replay", "WebhookDelivery", id.ToString(), null, new { outcome = outcome.ToString() }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return outcome;
    }
}

/// <summary>Replay of a delivery whose payload the retention purge has removed.</summary>
public sealed class PayloadPurgedException(string message) : InvalidOperationException(message);
