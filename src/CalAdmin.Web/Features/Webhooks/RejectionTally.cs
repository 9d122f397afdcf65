using System.Collections.Concurrent;
using CalAdmin.Web.Data;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// Refused deliveries, counted in memory: a flood of forged posts must cost no database write and no log line per
/// request (each would compete with real deliveries for SQLite's one writer and the log's disk). The counts reach
/// <c>WebhookRejections</c> at most once a minute, inside the <see cref="WriteGate"/>, through <see cref="RejectionFlusher"/>;
/// the log gets the first refusal per client address and minute, then one summary per minute.
/// </summary>
public sealed class RejectionTally(IDbContextFactory<AppDbContext> dbFactory, WriteGate writes, TimeProvider clock,
    IOptions<WebhookFloodOptions> options, ILogger<RejectionTally> logger)
{
    /// <summary>Beyond this many addresses in one minute, further addresses are only counted in the summary.</summary>
    private const int LoggedClientsPerMinute = 100;
    /// <summary>Addresses remembered per minute (a flood from many addresses must not grow memory without bound).</summary>
    private const int TrackedClientsPerMinute = 10_000;

    private readonly ConcurrentDictionary<(DateTime Hour, string Reason), long> unflushed = new();
    private ConcurrentDictionary<string, int> clientsThisMinute = new();
    private readonly LastMinute lastMinute = new(clock);
    private int clientCount;
    private long thisMinute;
    private long total;
    private int flushes;

    /// <summary>Refusals in the last 60 seconds; at <see cref="WebhookFloodOptions.FloodRejectionsPerMinute"/> the endpoint is under a flood.</summary>
    public int RejectedLastMinute => lastMinute.Sum();

    public long RejectedSinceStart => Interlocked.Read(ref total);

    public int FloodThreshold => options.Value.FloodRejectionsPerMinute;

    public bool UnderFlood => RejectedLastMinute >= FloodThreshold;

    /// <summary>Flushes that wrote to the database since start (a test asserts a flood costs one, not one per request).</summary>
    internal int Flushes => Volatile.Read(ref flushes);

    /// <summary>Counts one refused request; logs it only if it is this address's first in the current minute.</summary>
    public void Count(string reason, string client)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        unflushed.AddOrUpdate((new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc), reason), 1, (_, n) => n + 1);
        lastMinute.Add(now);
        Interlocked.Increment(ref thisMinute);
        Interlocked.Increment(ref total);
        // ConcurrentDictionary.Count takes every lock: the addresses are counted beside it instead.
        if (Volatile.Read(ref clientCount) < TrackedClientsPerMinute && clientsThisMinute.TryAdd(client, 0)
            && Interlocked.Increment(ref clientCount) <= LoggedClientsPerMinute)
            logger.LogWarning("Refused a Cal.com delivery from {Client}: {Reason}. Further refusals from this address this minute are only counted",
                client, reason);
    }

    /// <summary>The minute's summary (when anything was left unlogged), then the counts into the database.</summary>
    public async Task EndMinuteAsync(CancellationToken ct)
    {
        var refused = Interlocked.Exchange(ref thisMinute, 0);
        Interlocked.Exchange(ref clientsThisMinute, new ConcurrentDictionary<string, int>());
        var clients = Interlocked.Exchange(ref clientCount, 0);
        if (refused > Math.Min(clients, LoggedClientsPerMinute))
            logger.LogWarning("Refused {Count} Cal.com deliveries in the last minute from {Clients} addresses, the first from each logged above (under a flood from {Threshold} a minute)",
                refused, clients, FloodThreshold);
        await FlushAsync(ct);
    }

    /// <summary>Adds the unflushed counts to <c>WebhookRejections</c> (per hour and reason) in one turn of the write gate.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var taken = new List<((DateTime Hour, string Reason) Key, long Count)>();
        foreach (var key in unflushed.Keys)
            if (unflushed.TryRemove(key, out var n) && n > 0) taken.Add((key, n));
        if (taken.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            using var turn = await writes.EnterAsync(ct);
            foreach (var ((hour, reason), n) in taken)
            {
                var count = (int)Math.Min(n, int.MaxValue);
                if (await db.WebhookRejections.Where(r => r.Hour == hour && r.Reason == reason)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.Count, r => r.Count + count), ct) > 0)
                    continue;
                db.WebhookRejections.Add(new WebhookRejection { Hour = hour, Reason = reason, Count = count });
            }
            // Only this process writes its own counts, under the gate: an INSERT cannot race another flush of ours.
            await db.SaveChangesAsync(ct);
            Interlocked.Increment(ref flushes);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or OperationCanceledException)
        {
            // Kept for the next flush rather than lost; the figures are for admins, never worth failing a request over.
            foreach (var (key, n) in taken) unflushed.AddOrUpdate(key, n, (_, m) => m + n);
            if (ex is not OperationCanceledException)
                logger.LogWarning(ex, "Could not store the counts of refused Cal.com deliveries; trying again in a minute");
        }
    }

    /// <summary>Refusals per second over the last 60 seconds: "under a flood" reacts within a second and fades within a minute.</summary>
    private sealed class LastMinute(TimeProvider clock)
    {
        private readonly Lock gate = new();
        private readonly long[] seconds = new long[60];
        private readonly int[] counts = new int[60];

        public void Add(DateTime now)
        {
            var second = now.Ticks / TimeSpan.TicksPerSecond;
            var slot = (int)(second % 60);
            lock (gate)
            {
                if (seconds[slot] != second) { seconds[slot] = second; counts[slot] = 0; }
                counts[slot]++;
            }
        }

        public int Sum()
        {
            var second = clock.GetUtcNow().UtcDateTime.Ticks / TimeSpan.TicksPerSecond;
            var sum = 0;
            lock (gate)
                for (var i = 0; i < 60; i++)
                    if (second - seconds[i] < 60) sum += counts[i];
            return sum;
        }
    }
}

/// <summary>Ends each minute of <see cref="RejectionTally"/>: its log summary and its one database write; the last flush at shutdown.</summary>
public sealed class RejectionFlusher(RejectionTally tally, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await tally.EndMinuteAsync(stoppingToken);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await tally.FlushAsync(cancellationToken);
    }
}
