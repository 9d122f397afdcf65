using System.Text;
using System.Threading.Channels;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

public enum InboxResult { Stored, Duplicate }

/// <summary>
/// The durable inbox: a verified delivery is committed here before Cal.com gets its 2xx, and applied afterwards by
/// <see cref="InboxProcessor"/>. Nothing acknowledged is lost if the process dies right after the answer.
/// </summary>
public sealed class WebhookInbox(IDbContextFactory<AppDbContext> dbFactory, WriteGate writes, TimeProvider clock)
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private long stored;

    internal ChannelReader<bool> Wake => wake.Reader;

    /// <summary>Deliveries stored since start; the applier compares it before and after a batch to notice a burst.</summary>
    internal long StoredCount => Interlocked.Read(ref stored);

    public async Task<InboxResult> StoreAsync(WebhookEnvelope envelope, byte[] body, string? version, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = envelope.DedupKey;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trigger = Truncate(envelope.Trigger, 64);
        var uid = envelope.BookingUid is { } u ? Truncate(u, 64) : null;
        var createdAt = envelope.CreatedAt;
        var webhookVersion = version is null ? null : Truncate(version, 32);
        var raw = Encoding.UTF8.GetString(body);
        var pending = nameof(DeliveryOutcome.Pending);
        using var turn = await writes.EnterAsync(ct);
        try
        {
            // One autocommit INSERT: the shortest write the acknowledgement can wait for (this is the hot path of
            // every delivery). Duplicates are rare; the unique key on DedupKey decides, even between racing copies.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "WebhookDeliveries" ("ReceivedAt", "Trigger", "BookingUid", "CalComCreatedAt", "WebhookVersion", "DedupKey", "RawBody", "Outcome", "DuplicateCount")
                VALUES ({now}, {trigger}, {uid}, {createdAt}, {webhookVersion}, {key}, {raw}, {pending}, {0})
                """, ct);
        }
        catch (System.Data.Common.DbException)
        {
            // The unique key refused a copy of a stored delivery; anything else is a real failure.
            if (await CountDuplicateAsync(db, key, now, ct)) return InboxResult.Duplicate;
            throw;
        }
        Interlocked.Increment(ref stored);
        wake.Writer.TryWrite(true);
        return InboxResult.Stored;
    }

    /// <summary>A verified body that is not a Cal.com delivery is kept as failed, with the reason, for admins to see.</summary>
    public async Task StoreFailedAsync(byte[] body, string? version, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = Encoding.UTF8.GetString(body);
        var key = WebhookEnvelope.Hash("invalid|" + text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CountDuplicateAsync(db, key, now, ct)) return;
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            ReceivedAt = now, Trigger = "(invalid)", DedupKey = key, RawBody = text,
            WebhookVersion = version is null ? null : Truncate(version, 32),
            Outcome = DeliveryOutcome.Failed, Error = Truncate(reason, 2000), ProcessedAt = now,
        });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            if (!await CountDuplicateAsync(db, key, now, ct)) throw;
        }
    }

    public void WakeProcessor() => wake.Writer.TryWrite(true);

    private static async Task<bool> CountDuplicateAsync(AppDbContext db, string key, DateTime now, CancellationToken ct) =>
        await db.WebhookDeliveries.Where(d => d.DedupKey == key)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DuplicateCount, d => d.DuplicateCount + 1).SetProperty(d => d.LastDuplicateAt, now), ct) > 0;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
