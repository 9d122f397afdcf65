using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// The change feed of a server among several: every change goes to this server's own pages first (so they refresh
/// even with Redis down), then to a Redis channel that every server listens on and fans out to its own pages.
/// Redis is best effort: an outage never fails a publish, a page or a webhook; it is logged once, shown on the Settings
/// page and reported as Degraded by /health. When the round trip works again, this server's pages re-query once,
/// since they may have missed changes made elsewhere in the meantime.
/// </summary>
public sealed class RedisChangeFeed : IChangeFeed, IHostedService, IAsyncDisposable
{
    /// <summary>While changes are not shared, a probe goes round the channel this often to notice the way back.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] AllTopics =
        [ChangeNotice.Bookings, ChangeNotice.Hosts, ChangeNotice.Mappings, ChangeNotice.Webhooks, ChangeNotice.Sync];

    private readonly InProcessChangeFeed local;
    private readonly ConfigurationOptions redisOptions;
    private readonly RedisChannel channel;
    private readonly ChangeFeedStatus status;
    private readonly ChangeFeedSignature signature;
    private readonly TimeProvider clock;
    private readonly ILogger<RedisChangeFeed> logger;
    private readonly CancellationTokenSource stopping = new();
    private ConnectionMultiplexer? redis;
    private Task? running;
    private bool hadOutage;
    private int disposed;
    private long lastDropLogged = long.MinValue;

    public RedisChangeFeed(ConfigurationOptions redisOptions, ChangeFeedStatus status, ChangeFeedSignature signature, TimeProvider clock, ILoggerFactory loggers)
    {
        local = new InProcessChangeFeed(loggers.CreateLogger<InProcessChangeFeed>());
        this.redisOptions = redisOptions;
        this.status = status;
        this.signature = signature;
        this.clock = clock;
        logger = loggers.CreateLogger<RedisChangeFeed>();
        channel = RedisChannel.Literal(status.Current.Channel);
    }

    private string ServerId => status.Current.ServerId;

    public void Publish(ChangeNotice notice)
    {
        local.Publish(notice);
        _ = ShareAsync(new FeedMessage(ServerId, notice.Topic, [.. notice.Ids], notice.Message, Announced: notice.Announced.Count > 0 ? [.. notice.Announced] : null));
    }

    public IDisposable Subscribe(Func<ChangeNotice, Task> handler) => local.Subscribe(handler);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Never holds up the start: Redis may be down, and the server must serve its pages anyway.
        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (running is not null) await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
            redis.ConnectionFailed += (_, e) => OnLost($"Redis is unreachable ({e.FailureType} on {Describe(e.EndPoint)})");
            redis.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection ({ConnectionType}) to {Endpoint} restored", e.ConnectionType, Describe(e.EndPoint));
            if (!redis.IsConnected) OnLost($"Redis is unreachable at {status.Current.Endpoints}");
            try
            {
                await redis.GetSubscriber().SubscribeAsync(channel, (_, value) => OnMessage(value));
            }
            catch (RedisConnectionException)
            {
                // Remembered by the multiplexer all the same: it subscribes as soon as it connects.
            }

            while (!ct.IsCancellationRequested)
            {
                if (!status.Current.Shared && redis.IsConnected) await ShareAsync(new FeedMessage(ServerId, Probe: true));
                await Task.Delay(ProbeInterval, clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Only the host's name and port: a connection string may hold a password.
            logger.LogError("The Redis change feed stopped ({Error}); pages refresh on this server's own changes only", ex.GetType().Name);
            OnLost("The Redis change feed stopped; see the log.");
        }
    }

    private async Task ShareAsync(FeedMessage message)
    {
        if (redis is not { } connection)
        {
            if (!message.Probe) status.CountNotShared();
            return;
        }
        try
        {
            await connection.GetSubscriber().PublishAsync(channel, signature.Sign(JsonSerializer.Serialize(message, FeedMessage.Json)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (message.Probe) return;
            status.CountNotShared();
            logger.LogDebug("A {Topic} change was not shared through Redis ({Error})", message.Topic, ex.GetType().Name);
        }
    }

    private void OnMessage(RedisValue value)
    {
        // Checked before anything is parsed: only a holder of the signing key can make a page refresh.
        if (signature.Verify((byte[])value!, out var refused) is not { } json)
        {
            Drop(refused!);
            return;
        }
        FeedMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<FeedMessage>(json, FeedMessage.Json);
        }
        catch (JsonException)
        {
            message = null;
        }
        if (message is null || string.IsNullOrEmpty(message.Server))
        {
            Drop("not a change notice");
            return;
        }

        if (message.Server == ServerId)
        {
            // Our own message made the round trip: other servers hear us, and we hear them.
            if (status.MarkShared(Now)) OnShared();
            return;
        }
        if (!message.Probe && !string.IsNullOrEmpty(message.Topic))
            local.Publish(new ChangeNotice(message.Topic, message.Ids ?? [], message.Message) { Announced = message.Announced ?? [] });
    }

    /// <summary>Counted each time, logged at most once a minute (a flood on the channel must not flood the log).</summary>
    private void Drop(string reason)
    {
        var dropped = status.CountDropped();
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastDropLogged);
        if (last != long.MinValue && clock.GetElapsedTime(last, now) < TimeSpan.FromMinutes(1)) return;
        if (Interlocked.CompareExchange(ref lastDropLogged, now, last) != last) return;
        logger.LogWarning("Dropped a message on the change-feed channel {Channel}: {Reason} ({Dropped} dropped since start); is another program publishing there, or a server with another CalAdmin:ChangeFeed:SigningKey?",
            status.Current.Channel, reason, dropped);
    }

    private void OnShared()
    {
        logger.LogInformation("Change feed: shared with the other servers through Redis at {Endpoints} (channel {Channel})",
            status.Current.Endpoints, status.Current.Channel);
        if (!hadOutage) return;
        // Changes made on other servers during the outage never reached this server's pages: each re-queries once.
        foreach (var topic in AllTopics) local.Publish(new ChangeNotice(topic, []));
    }

    private void OnLost(string problem)
    {
        if (stopping.IsCancellationRequested || !status.MarkLost(Now, problem)) return;
        hadOutage = true;
        logger.LogWarning("{Problem}: changes reach the pages of this server only until it is back", problem);
    }

    private static string Describe(EndPoint? endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        null => "unknown",
        _ => endPoint.ToString() ?? "unknown",
    };

    internal static string DescribeEndpoints(ConfigurationOptions options) =>
        string.Join(", ", options.EndPoints.Select(Describe));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async ValueTask DisposeAsync()
    {
        // The container may dispose it once per registration (the feed, IChangeFeed, the hosted service).
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stopping.CancelAsync();
        if (running is not null) await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (redis is not null) await redis.DisposeAsync();
        stopping.Dispose();
    }

    /// <summary>What goes over the channel: the sending server, and the notice (or a probe of the round trip).</summary>
    internal sealed record FeedMessage(string Server, string? Topic = null, string[]? Ids = null, string? Message = null, bool Probe = false, string[]? Announced = null)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    }
}
