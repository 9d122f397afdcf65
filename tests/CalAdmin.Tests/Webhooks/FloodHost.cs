using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog.Core;
using Serilog.Events;

namespace CalAdmin.Tests.Webhooks;

/// <summary>
/// The real host on a loopback Kestrel port, where each simulated sender has its own address through
/// <c>X-Forwarded-For</c> (loopback is a trusted proxy by default, as nginx on the same machine would be). Its log events
/// are kept, and the refusal counts reach the database only when a test calls <see cref="RejectionTally.FlushAsync"/>.
/// </summary>
public sealed class FloodHost : CalAdminFactory
{
    public const string CalComAddress = "198.51.100.7";

    public FloodHost(int perClient = 30, int global = 300, int flood = 100)
    {
        Settings["CalCom:WebhookSecrets:0"] = WebhookClient.Secret;
        Settings["CalAdmin:Webhooks:RejectionsPerClientPerMinute"] = perClient.ToString();
        Settings["CalAdmin:Webhooks:RejectionsPerMinute"] = global.ToString();
        Settings["CalAdmin:Webhooks:FloodRejectionsPerMinute"] = flood.ToString();
    }

    public ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>
    /// What RejectionTally logs, kept by this host alone: Serilog's sinks are shared by the test hosts of one process
    /// (its factory writes through the static logger, which the last host started owns).
    /// </summary>
    public ConcurrentQueue<TallyLine> TallyLines { get; } = new();

    public RejectionTally Tally => Services.GetRequiredService<RejectionTally>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(new Capture(Events));
            services.AddSingleton<Microsoft.Extensions.Logging.ILogger<RejectionTally>>(new TallyLogger(TallyLines));
            // The once-a-minute flush would make "nothing written per request" depend on how long the test takes.
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RejectionFlusher)));
        });
    }

    public Uri Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A post to the webhook endpoint from <paramref name="client"/>: signed, forged (well-formed, wrong) or unsigned.</summary>
    public static HttpRequestMessage Post(string client, string body, string? signature)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Forwarded-For", client);
        if (signature is not null) request.Headers.Add(WebhookSignature.Header, signature);
        return request;
    }

    public static HttpRequestMessage Signed(string client, string body) =>
        Post(client, body, WebhookSignature.Sign(Encoding.UTF8.GetBytes(body), WebhookClient.Secret));

    /// <summary>A BOOKING_CREATED delivery for a booking of its own (distinct uid, so never a duplicate).</summary>
    public static string Delivery(string uid) => new JsonObject
    {
        ["triggerEvent"] = "BOOKING_CREATED",
        ["createdAt"] = "2030-01-01T10:00:00.000Z",
        ["payload"] = new JsonObject
        {
            ["uid"] = uid, ["bookingId"] = Math.Abs(uid.GetHashCode()), ["title"] = "Consultation", ["type"] = "consultation",
            ["eventTypeId"] = 2001, ["startTime"] = "2030-01-02T09:00:00.000Z", ["endTime"] = "2030-01-02T09:30:00.000Z", ["status"] = "ACCEPTED",
            ["organizer"] = new JsonObject { ["id"] = 901, ["name"] = "Host 901", ["email"] = "host901@example.com", ["timeZone"] = "Europe/Berlin" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest", ["email"] = $"guest-{uid}@example.com", ["timeZone"] = "UTC" }),
        },
    }.ToJsonString();

    /// <summary>A forged body of about <paramref name="kilobytes"/> KB, shaped like a delivery.</summary>
    public static string Forged(int kilobytes) =>
        "{\"triggerEvent\":\"BOOKING_CANCELLED\",\"pad\":\"" + new string('x', kilobytes * 1024) + "\"}";

    private sealed class Capture(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }

    private sealed class TallyLogger(ConcurrentQueue<TallyLine> lines) : Microsoft.Extensions.Logging.ILogger<RejectionTally>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new TallyLine(logLevel, (state as IEnumerable<KeyValuePair<string, object?>> ?? [])
                .ToDictionary(p => p.Key, p => p.Value)));
    }
}

/// <summary>One line RejectionTally logged, with its template's values by name.</summary>
public sealed record TallyLine(Microsoft.Extensions.Logging.LogLevel Level, IReadOnlyDictionary<string, object?> Values);
