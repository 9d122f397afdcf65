using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>Section <c>CalAdmin:Webhooks</c>: how long the raw payloads of deliveries (personal data) are kept.</summary>
public sealed class PayloadRetentionOptions
{
    public const string Section = "CalAdmin:Webhooks";

    public int KeepPayloadDays { get; set; } = 90;

    public static IEnumerable<string> Validate(IConfiguration config)
    {
        var days = config.GetSection(Section)[nameof(KeepPayloadDays)];
        if (days is not null && !(int.TryParse(days, out var n) && n >= 1))
            yield return $"{Section}:{nameof(KeepPayloadDays)} must be a whole number of days, 1 or more (not '{days}').";
    }
}

/// <summary>
/// Removes the raw payload of deliveries older than <see cref="PayloadRetentionOptions.KeepPayloadDays"/>. The row stays
/// (trigger, booking uid, outcome, dedup key): the Webhooks log and the duplicate check keep working, only Replay and
/// the payload view have nothing left to show. Deliveries not applied yet (pending, waiting) keep theirs. In batches,
/// each through the write gate, so a large table never holds the database for one long UPDATE.
/// </summary>
public sealed class PayloadPurge(IDbContextFactory<AppDbContext> dbFactory, WriteGate writes, IOptions<PayloadRetentionOptions> options,
    TimeProvider clock, ILogger<PayloadPurge> logger)
{
    public const string Purged = "";
    internal const int BatchSize = 500;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.KeepPayloadDays);
        var purged = 0;
        var after = 0L;
        while (true)
        {
            List<long> ids;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                ids = await db.WebhookDeliveries
                    .Where(d => d.Id > after && d.ReceivedAt < cutoff && d.RawBody != Purged
                        && d.Outcome != DeliveryOutcome.Pending && d.Outcome != DeliveryOutcome.Waiting)
                    .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0) break;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            using (await writes.EnterAsync(ct))
                purged += await db.WebhookDeliveries.Where(d => ids.Contains(d.Id) && d.RawBody != Purged)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.RawBody, Purged), ct);
            after = ids[^1];
        }
        if (purged > 0)
            logger.LogInformation("Removed the payloads of {Count} webhook deliveries received before {Cutoff:u}", purged, cutoff);
        return purged;
    }
}

/// <summary>The daily Hangfire job <c>webhook-payload-purge</c>.</summary>
public sealed class PayloadPurgeJob(PayloadPurge purge)
{
    public const string RecurringJobId = "webhook-payload-purge";

    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Remove old webhook payloads")]
    public Task RunAsync(CancellationToken cancellationToken) => purge.RunAsync(cancellationToken);
}
