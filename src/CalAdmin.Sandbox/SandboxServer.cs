using System.Net.Http.Headers;
using System.Security.Cryptography;
using CalAdmin.Sandbox.Activity;
using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Endpoints;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Seeding;
using CalAdmin.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalAdmin.Sandbox;

/// <summary>
/// An offline Cal.com API v2 on its own Kestrel listener. The same class serves the dashboard's hosted
/// service, the stand-alone process and the tests, so each of them talks real HTTP to it.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SandboxServer(WebApplication app, SandboxOptions options, SandboxState state, RateLimiter rateLimiter,
        FaultInjector faults, WebhookDispatcher webhooks, SandboxActivity activity, Uri baseAddress)
    {
        this.app = app;
        Options = options;
        State = state;
        RateLimiter = rateLimiter;
        Faults = faults;
        Webhooks = webhooks;
        Activity = activity;
        BaseAddress = baseAddress;
    }

    /// <summary>The root of the server, e.g. http://127.0.0.1:5080/ (endpoints live under v2/).</summary>
    public Uri BaseAddress { get; }
    public string ApiKey => Options.ApiKey!;
    public SandboxOptions Options { get; }
    public SandboxState State { get; }
    public RateLimiter RateLimiter { get; }
    public FaultInjector Faults { get; }
    public WebhookDispatcher Webhooks { get; }
    /// <summary>The demo's own changes; its timer runs only with <see cref="SandboxOptions.Activity"/>, tests call <see cref="SandboxActivity.Step()"/>.</summary>
    public SandboxActivity Activity { get; }

    /// <summary>Seeds the data and starts listening; <paramref name="url"/> with port 0 picks a free port.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, string url = "http://127.0.0.1:0",
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        if (string.IsNullOrWhiteSpace(options.ApiKey)) options.ApiKey = GenerateApiKey();
        if (options.Validate().FirstOrDefault() is { } wrong) throw new ArgumentException(wrong, nameof(options));
        loggerFactory ??= NullLoggerFactory.Instance;

        var state = new SandboxState(options.TimeProvider, options.Seed);
        SandboxSeeder.Seed(state, options);
        state.AddApiKey(options.ApiKey, state.MeUserId);
        foreach (var (role, key) in options.KeysByRole)
            if (state.Users.FirstOrDefault(u => string.Equals(u.Role, role, StringComparison.OrdinalIgnoreCase)) is { } holder)
                state.AddApiKey(key, holder.Id);
        var rateLimiter = new RateLimiter(options.TimeProvider, options.RateLimitPerMinute);
        var faults = new FaultInjector(options.Faults);
        var webhooks = new WebhookDispatcher(state, options.WebhookDeliveryEnabled, loggerFactory.CreateLogger<WebhookDispatcher>());
        var rules = new BookingRules(state, webhooks);

        // The empty builder reads no appsettings or environment: inside the dashboard it must not pick up the dashboard's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        var app = builder.Build();
        var logger = loggerFactory.CreateLogger<SandboxServer>();
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception ex) when (!http.Response.HasStarted && ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sandbox request {Method} {Path} failed", http.Request.Method, http.Request.Path);
                await ApiResults.Error(http, 500, "Internal server error").ExecuteAsync(http);
            }
        });
        app.UseApiGate(options, state, rateLimiter, faults);
        app.UseRouting();
        app.MapTeamEndpoints(state, options);
        app.MapEventTypeEndpoints(state);
        app.MapBookingEndpoints(state, rules, options);
        app.MapBookingEditEndpoints(state, rules);
        app.MapSlotEndpoints(state);
        app.MapWebhookEndpoints(state, options);
        app.MapOutOfOfficeEndpoints(state, options, rules);
        app.MapFallback((HttpContext http) => ApiResults.NotFound(http, $"Cannot {http.Request.Method} {http.Request.Path}"));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Started last: the activity changes only a sandbox that answers.
        var activity = new SandboxActivity(state, rules, options, loggerFactory.CreateLogger<SandboxActivity>());
        return new SandboxServer(app, options, state, rateLimiter, faults, webhooks, activity, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An HttpClient for this sandbox with an API key already set (default: the owner's; tests and tools).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? ApiKey);
        return client;
    }

    /// <summary>A new API key that belongs to <paramref name="userId"/> (a team OWNER, ADMIN or MEMBER) and acts as that user.</summary>
    public string IssueKey(int userId)
    {
        lock (State.Gate)
            if (State.FindUser(userId) is null) throw new ArgumentException($"No sandbox user {userId}", nameof(userId));
        var key = GenerateApiKey();
        State.AddApiKey(key, userId);
        return key;
    }

    /// <summary>A key of the first team member with <paramref name="role"/> (OWNER, ADMIN, MEMBER).</summary>
    public string IssueKeyForRole(string role)
    {
        int userId;
        lock (State.Gate) userId = State.Users.First(u => u.Role == role && u.Accepted).Id;
        return IssueKey(userId);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Activity.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Webhooks.DisposeAsync();
    }

    /// <summary>Shaped like a Cal.com test key so format checks in the client accept it.</summary>
    private static string GenerateApiKey() => "cal_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
