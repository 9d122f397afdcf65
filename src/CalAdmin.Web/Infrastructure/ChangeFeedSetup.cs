using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CalAdmin.Web.Infrastructure;

/// <summary>Section <c>CalAdmin:ChangeFeed</c>.</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "CalAdmin:ChangeFeed";

    /// <summary>The Redis channel; give each CalAdmin installation that shares a Redis server its own.</summary>
    public string Channel { get; set; } = "caladmin:changes";
    /// <summary>The HMAC-SHA256 key every server signs its messages with (32+ characters); required with Redis.</summary>
    public string? SigningKey { get; set; }
}

public static partial class ChangeFeedSetup
{
    public const string RedisConnectionName = "Redis";
    public const string HealthCheckName = "change-feed";

    /// <summary>
    /// The in-process feed by default; with <c>ConnectionStrings:Redis</c> the Redis feed, which shares every change
    /// with the other servers. Either way a <see cref="ChangeFeedStatus"/> and a <c>change-feed</c> health entry.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminChangeFeed(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var feedOptions = builder.Configuration.GetSection(ChangeFeedOptions.Section).Get<ChangeFeedOptions>() ?? new ChangeFeedOptions();
        var channel = feedOptions.Channel;
        var serverId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        var now = DateTime.UtcNow;

        if (RedisOptions(builder.Configuration) is { } redis)
        {
            services.AddSingleton(new ChangeFeedStatus(ChangeFeedMode.Redis, serverId, RedisChangeFeed.DescribeEndpoints(redis), channel, now));
            var signature = new ChangeFeedSignature(feedOptions.SigningKey!);
            services.AddSingleton(sp => new RedisChangeFeed(redis, sp.GetRequiredService<ChangeFeedStatus>(), signature,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<RedisChangeFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisChangeFeed>());
        }
        else
        {
            services.AddSingleton(new ChangeFeedStatus(ChangeFeedMode.InProcess, serverId, null, channel, now));
            services.AddSingleton<IChangeFeed, InProcessChangeFeed>();
        }
        services.AddHealthChecks().AddCheck<ChangeFeedHealthCheck>(HealthCheckName);
        return builder;
    }

    /// <summary>
    /// <c>ConnectionStrings:Redis</c> as StackExchange.Redis options, or null when it is not set. Whatever the string says,
    /// the feed never fails the start when Redis is down, never queues changes for later, and retries every second.
    /// </summary>
    public static ConfigurationOptions? RedisOptions(IConfiguration config)
    {
        if (config.GetConnectionString(RedisConnectionName) is not { Length: > 0 } connectionString || string.IsNullOrWhiteSpace(connectionString)) return null;
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        // A change is shared now or not at all: a backlog would replay stale notices minutes later.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "caladmin";
        return options;
    }

    /// <summary>Names a bad <c>ConnectionStrings:Redis</c> without repeating its password.</summary>
    public static IEnumerable<string> Validate(IConfiguration config)
    {
        string? error = null;
        try
        {
            if (RedisOptions(config) is { EndPoints.Count: 0 }) error = "it names no host (for example 'redis.internal:6379,password=...').";
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            error = Password().Replace(ex.Message, "password=***");
        }
        if (error is not null) yield return $"ConnectionStrings:Redis is not a valid StackExchange.Redis configuration: {error}";
        var options = config.GetSection(ChangeFeedOptions.Section).Get<ChangeFeedOptions>();
        if (options?.Channel is { } channel && string.IsNullOrWhiteSpace(channel)) yield return "CalAdmin:ChangeFeed:Channel must not be empty.";
        // Without a key anyone who can publish on the channel could make every open page refresh or show a notice.
        var hasRedis = !string.IsNullOrWhiteSpace(config.GetConnectionString(RedisConnectionName));
        var key = options?.SigningKey;
        if (hasRedis && string.IsNullOrWhiteSpace(key))
            yield return $"CalAdmin:ChangeFeed:SigningKey is required with ConnectionStrings:Redis: the same random key of {ChangeFeedSignature.MinimumKeyLength}+ characters on every server (e.g. `openssl rand -hex 32`).";
        else if (!string.IsNullOrWhiteSpace(key) && key.Length < ChangeFeedSignature.MinimumKeyLength)
            yield return $"CalAdmin:ChangeFeed:SigningKey is shorter than {ChangeFeedSignature.MinimumKeyLength} characters; use a long random key (e.g. `openssl rand -hex 32`).";
    }

    [GeneratedRegex("password=[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}

/// <summary>Degraded (still 200: the load balancer keeps the server) while Redis is configured but unreachable.</summary>
public sealed class ChangeFeedHealthCheck(ChangeFeedStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = status.Current;
        return Task.FromResult(state switch
        {
            { Mode: ChangeFeedMode.InProcess } => HealthCheckResult.Healthy("In-process change feed: this server's pages only."),
            { Shared: true, Dropped: 0 } => HealthCheckResult.Healthy("Changes are shared through Redis."),
            { Shared: true } => HealthCheckResult.Healthy($"Changes are shared through Redis; {state.Dropped} unsigned, badly signed or oversized message(s) dropped."),
            _ => HealthCheckResult.Degraded(state.Problem ?? "Redis is unreachable."),
        });
    }
}
