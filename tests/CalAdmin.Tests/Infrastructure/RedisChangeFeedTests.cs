using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>
/// Two servers' change feeds on one real Redis (Debian's redis-server, started by the test): what one publishes reaches
/// the other's pages; an outage keeps each server's own pages refreshing and never throws; the end of the outage
/// resumes sharing.
/// </summary>
public sealed class RedisChangeFeedTests : IAsyncLifetime
{
    public const string SigningKey = "test-change-feed-signing-key-0123456789abcdef";

    private readonly List<IAsyncDisposable> cleanup = [];
    /// <summary>Each server's log, by server id.</summary>
    private readonly Dictionary<string, CapturingLoggerProvider> logs = [];
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await StartRedisAsync();

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(cleanup)) await item.DisposeAsync();
    }

    private async Task<RedisServer> StartRedisAsync(string? password = null)
    {
        var server = await RedisServer.StartAsync(password);
        cleanup.Add(server);
        return server;
    }

    private async Task<(RedisChangeFeed Feed, ChangeFeedStatus Status)> StartFeedAsync(string serverId, string connectionString)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connectionString }).Build();
        var options = ChangeFeedSetup.RedisOptions(config)!;
        var status = new ChangeFeedStatus(ChangeFeedMode.Redis, serverId, RedisChangeFeed.DescribeEndpoints(options), "caladmin:test", DateTime.UtcNow);
        var log = logs[serverId] = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var feed = new RedisChangeFeed(options, status, new ChangeFeedSignature(SigningKey), TimeProvider.System, loggers);
        cleanup.Add(feed);
        await feed.StartAsync(CancellationToken.None);
        return (feed, status);
    }

    private static Task SharedAsync(ChangeFeedStatus status) => status.WaitForAsync(s => s.Shared, "shared through Redis");

    [Fact]
    public async Task A_change_on_one_server_reaches_the_pages_of_the_other_and_its_own_pages_once()
    {
        var (a, aStatus) = await StartFeedAsync("server-a", redis.ConnectionString);
        var (b, bStatus) = await StartFeedAsync("server-b", redis.ConnectionString);
        await SharedAsync(aStatus);
        await SharedAsync(bStatus);
        using var onA = new HeardNotices(a);
        using var onB = new HeardNotices(b);

        a.Publish(new ChangeNotice(ChangeNotice.Bookings, ["uid-1", "uid-2"], "Cal.com: booking 'Intro' cancelled"));

        var heard = await onB.WaitForAsync(n => n.Ids.Contains("uid-1"), "server A's change on server B");
        Assert.Equal(ChangeNotice.Bookings, heard.Topic);
        Assert.Equal(["uid-1", "uid-2"], heard.Ids);
        Assert.Equal("Cal.com: booking 'Intro' cancelled", heard.Message);

        // B answers after hearing A; by the time A hears B, A's own echo of its change has been through Redis too.
        b.Publish(new ChangeNotice(ChangeNotice.Webhooks, ["from-b"]) { Announced = ["uid-3"] });
        Assert.Equal(["uid-3"], (await onA.WaitForAsync(n => n.Ids.Contains("from-b"), "server B's change on server A")).Announced);
        Assert.Single(onA.All, n => n.Ids.Contains("uid-1"));
        Assert.Single(onB.All, n => n.Ids.Contains("from-b"));
        Assert.Equal(0, aStatus.Current.NotShared);
    }

    [Fact]
    public async Task During_a_Redis_outage_each_server_still_refreshes_its_own_pages_and_sharing_resumes_when_Redis_is_back()
    {
        var (a, aStatus) = await StartFeedAsync("server-a", redis.ConnectionString);
        var (b, bStatus) = await StartFeedAsync("server-b", redis.ConnectionString);
        await SharedAsync(aStatus);
        await SharedAsync(bStatus);
        using var onA = new HeardNotices(a);
        using var onB = new HeardNotices(b);

        await redis.StopAsync();
        await aStatus.WaitForAsync(s => s.Degraded, "degraded");
        await bStatus.WaitForAsync(s => s.Degraded, "degraded");
        Assert.Contains("Redis is unreachable", aStatus.Current.Problem);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, HealthStatusOf(aStatus));

        a.Publish(new ChangeNotice(ChangeNotice.Bookings, ["during-outage"]));
        await onA.WaitForAsync(n => n.Ids.Contains("during-outage"), "server A's own change during the outage");
        Assert.True(aStatus.Current.NotShared >= 1);

        await redis.StartAgainAsync();
        await SharedAsync(aStatus);
        await SharedAsync(bStatus);
        // One warning for the outage, however many reconnect attempts failed; the way back is logged too.
        Assert.Single(logs["server-a"].Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("unreachable"));
        Assert.Contains(logs["server-a"].Entries, e => e.Level == LogLevel.Information && e.Message.Contains("shared with the other servers"));
        // B's pages missed whatever changed elsewhere during the outage: each topic re-queries once.
        await onB.WaitForAsync(n => n.Topic == ChangeNotice.Bookings && n.Ids.Count == 0, "the catch-up refresh after the outage");

        a.Publish(new ChangeNotice(ChangeNotice.Bookings, ["after-outage"]));
        await onB.WaitForAsync(n => n.Ids.Contains("after-outage"), "server A's change on server B after the outage");
        // Nothing was queued and replayed: the outage's change stays on server A.
        Assert.DoesNotContain(onB.All, n => n.Ids.Contains("during-outage"));
    }

    [Fact]
    public async Task A_server_started_while_Redis_is_down_serves_its_own_pages_and_joins_when_Redis_comes_up()
    {
        await redis.StopAsync();
        var (a, aStatus) = await StartFeedAsync("server-a", redis.ConnectionString);
        using var onA = new HeardNotices(a);
        await aStatus.WaitForAsync(s => s.Problem?.Contains("unreachable") == true, "unreachable");

        a.Publish(new ChangeNotice(ChangeNotice.Mappings, ["local"]));
        await onA.WaitForAsync(n => n.Ids.Contains("local"), "the change on its own pages");

        await redis.StartAgainAsync();
        var (b, bStatus) = await StartFeedAsync("server-b", redis.ConnectionString);
        await SharedAsync(aStatus);
        await SharedAsync(bStatus);
        using var onB = new HeardNotices(b);
        a.Publish(new ChangeNotice(ChangeNotice.Mappings, ["shared"]));
        await onB.WaitForAsync(n => n.Ids.Contains("shared"), "server A's change on server B");
    }

    [Fact]
    public async Task The_Redis_password_never_reaches_the_log_or_the_status()
    {
        const string password = "s3cret-redis-pa55word";
        var secured = await StartRedisAsync(password);
        var (_, status) = await StartFeedAsync("server-a", secured.ConnectionString);
        await SharedAsync(status);

        await secured.StopAsync();
        await status.WaitForAsync(s => s.Degraded, "degraded");
        await secured.StartAgainAsync();
        await SharedAsync(status);

        Assert.Contains(logs["server-a"].Entries, e => e.Level == LogLevel.Warning);
        Assert.DoesNotContain(password, logs["server-a"].AllText);
        Assert.DoesNotContain(password, status.Current.ToString());
        Assert.Equal($"127.0.0.1:{secured.Port}", status.Current.Endpoints);
    }

    [Fact]
    public void A_bad_Redis_connection_string_stops_the_start_naming_the_setting_but_not_the_password()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "redis.internal:6379,password=hunter2-secret,connectTimeout=soon",
            ["CalAdmin:ChangeFeed:SigningKey"] = SigningKey,
        }).Build();

        var errors = SettingsValidation.Validate(config, AppContext.BaseDirectory);

        var error = Assert.Single(errors);
        Assert.StartsWith("ConnectionStrings:Redis is not a valid StackExchange.Redis configuration", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public async Task Unsigned_badly_signed_tampered_and_oversized_messages_change_nothing_and_are_counted_and_logged_once()
    {
        var (a, aStatus) = await StartFeedAsync("server-a", redis.ConnectionString);
        var (b, bStatus) = await StartFeedAsync("server-b", redis.ConnectionString);
        await SharedAsync(aStatus);
        await SharedAsync(bStatus);
        using var onB = new HeardNotices(b);
        await using var attacker = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = StackExchange.Redis.RedisChannel.Literal("caladmin:test");
        static string Notice(string id, string padding = "") =>
            $$"""{"server":"server-x","topic":"{{ChangeNotice.Bookings}}","ids":["{{id}}"],"message":"Cal.com: forged{{padding}}","probe":false}""";
        var signedElsewhere = new ChangeFeedSignature("another-installation-key-0123456789abcdef").Sign(Notice("forged-2"));
        var genuine = new ChangeFeedSignature(SigningKey).Sign(Notice("forged-3"));
        var tampered = genuine.Replace("forged-3", "forged-4");
        var oversized = new ChangeFeedSignature(SigningKey).Sign(Notice("forged-5", new string('x', ChangeFeedSignature.MaxMessageBytes)));

        foreach (var forged in new[] { Notice("forged-1"), signedElsewhere, tampered, oversized, "not even json" })
            await attacker.GetSubscriber().PublishAsync(channel, forged);

        await bStatus.WaitForAsync(s => s.Dropped == 5, "five dropped messages");
        a.Publish(new ChangeNotice(ChangeNotice.Bookings, ["real-1"]));
        await onB.WaitForAsync(n => n.Ids.Contains("real-1"), "server A's signed change on server B");
        Assert.DoesNotContain(onB.All, n => n.Ids.Any(id => id.StartsWith("forged")) || n.Message?.Contains("forged") == true);
        Assert.Equal(5, bStatus.Current.Dropped);
        Assert.Single(logs["server-b"].Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Dropped a message on the change-feed channel"));
    }

    [Theory]
    [InlineData(null, "CalAdmin:ChangeFeed:SigningKey is required with ConnectionStrings:Redis")]
    [InlineData("too-short-key", "CalAdmin:ChangeFeed:SigningKey is shorter than 32 characters")]
    public void Redis_without_a_long_signing_key_stops_the_start_naming_the_setting(string? key, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "redis.internal:6379",
            ["CalAdmin:ChangeFeed:SigningKey"] = key,
        }).Build();

        var error = Assert.Single(SettingsValidation.Validate(config, AppContext.BaseDirectory));

        Assert.StartsWith(expected, error);
        if (key is not null) Assert.DoesNotContain(key, error);
    }

    private static Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus HealthStatusOf(ChangeFeedStatus status) =>
        new ChangeFeedHealthCheck(status).CheckHealthAsync(new()).GetAwaiter().GetResult().Status;
}
