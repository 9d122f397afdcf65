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
        var channel = builder.Configuration.GetSection(ChangeFeedOptions.Section).Get<ChangeFeedOptions>()?.Channel ?? new ChangeFeedOptions().Channel;
        var serverId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        var now = DateTime.UtcNow;

        if (RedisOptions(builder.Configuration) is { } redis)
        {
            services.AddSingleton(new ChangeFeedStatus(ChangeFeedMode.Redis, serverId, RedisChangeFeed.DescribeEndpoints(redis), channel, now));
            services.AddSingleton(sp => new RedisChangeFeed(redis, sp.GetRequiredService<ChangeFeedStatus>(),
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
        var channel = config.GetSection(ChangeFeedOptions.Section).Get<ChangeFeedOptions>()?.Channel;
        if (channel is not null && string.IsNullOrWhiteSpace(channel)) yield return "CalAdmin:ChangeFeed:Channel must not be empty.";
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
            { Shared: true } => HealthCheckResult.Healthy("Changes are shared through Redis."),
            _ => HealthCheckResult.Degraded(state.Problem ?? "Redis is unreachable."),
        });
    }
}
