using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using CalAdmin.Sandbox.Model;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Sandbox.Webhooks;

/// <summary>
/// Sends webhooks the way Cal.com does: in the background after the API answer, once, without following
/// redirects, signed with HMAC-SHA256 of the exact body. Every attempt is logged for tests and the dashboard.
/// </summary>
public sealed partial class WebhookDispatcher : IAsyncDisposable
{
    public const string SignatureHeader = "X-Cal-Signature-256";
    public const string VersionHeader = "X-Cal-Webhook-Version";
    public const string WebhookVersion = "2021-10-20";
    public const string NoSecret = "no-secret-provided";

    private readonly Channel<PendingDelivery> queue = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient http;
    private readonly SandboxState state;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly List<WebhookDelivery> log = [];
    private readonly List<(Func<WebhookDelivery, bool> Match, TaskCompletionSource<WebhookDelivery> Done)> waiters = [];
    private readonly Task worker;
    private long sequence;

    internal WebhookDispatcher(SandboxState state, bool enabled, ILogger logger)
    {
        this.state = state;
        this.logger = logger;
        Enabled = enabled;
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        worker = Task.Run(DeliverAllAsync);
    }

    /// <summary>When false, deliveries are logged as skipped instead of sent.</summary>
    public bool Enabled { get; set; }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (gate) return log.ToList(); }
    }

    /// <summary>Completes with the first logged delivery (past or future) that matches.</summary>
    public Task<WebhookDelivery> WaitForDeliveryAsync(Func<WebhookDelivery, bool> match, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (log.FirstOrDefault(match) is { } done) return Task.FromResult(done);
            var source = new TaskCompletionSource<WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, source));
            cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
            return source.Task;
        }
    }

    /// <summary>Queues the trigger for every active subscriber that hears about this booking. Caller holds the state lock.</summary>
    internal void Publish(string trigger, SandboxBooking booking, JsonObject payload)
    {
        var eventType = state.FindEventType(booking.EventTypeId);
        var organizerId = booking.HostIds.FirstOrDefault();
        // The sandbox's clock, like the booking's updatedAt: a delivery is never older than the change it reports.
        var createdAt = state.Now;
        foreach (var webhook in state.Webhooks.Where(w => w.Active && w.Triggers.Contains(trigger)))
        {
            var hears = webhook.Scope switch
            {
                // Cal.com does not send team event types to user-level webhooks.
                WebhookScope.User => eventType is { IsTeamEvent: false } && organizerId == webhook.OwnerId,
                WebhookScope.EventType => eventType is not null && (eventType.Id == webhook.OwnerId || eventType.ParentEventTypeId == webhook.OwnerId),
                WebhookScope.Organization => webhook.OwnerId == state.Organization.Id,
                _ => false,
            };
            if (!hears) continue;

            var envelope = new JsonObject { ["triggerEvent"] = trigger, ["createdAt"] = createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), ["payload"] = payload.DeepClone() };
            var body = string.IsNullOrEmpty(webhook.PayloadTemplate) ? envelope.ToJsonString(Http.ApiResults.Json) : ApplyTemplate(webhook.PayloadTemplate, envelope);
            queue.Writer.TryWrite(new PendingDelivery(webhook.Id, webhook.SubscriberUrl, trigger, body, Sign(body, webhook.Secret)));
        }
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the body bytes; Cal.com signs with a fixed text when no secret is set.</summary>
    public static string Sign(string body, string? secret)
    {
        var key = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(secret) ? NoSecret : secret);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>Custom payload templates: {{var}} replaced by the value at that (dotted) path of the payload or envelope.</summary>
    private static string ApplyTemplate(string template, JsonObject envelope) =>
        TemplateVariable().Replace(template, match =>
        {
            var path = match.Groups[1].Value.Trim();
            JsonNode? node = envelope["payload"]?[path.Split('.')[0]] is not null ? envelope["payload"] : envelope;
            foreach (var part in path.Split('.')) node = node?[part];
            return node switch
            {
                null => "",
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                _ => node.ToJsonString(Http.ApiResults.Json),
            };
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex TemplateVariable();

    private async Task DeliverAllAsync()
    {
        await foreach (var pending in queue.Reader.ReadAllAsync())
        {
            int? status = null;
            string? error = null;
            var skipped = !Enabled;
            if (!skipped)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, pending.SubscriberUrl)
                    {
                        Content = new StringContent(pending.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                    };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Add(SignatureHeader, pending.Signature);
                    request.Headers.Add(VersionHeader, WebhookVersion);
                    using var response = await http.SendAsync(request);
                    status = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    error = ex.Message;
                }

                if (status is not (>= 200 and < 300))
                    logger.LogWarning("Webhook {WebhookId} {Trigger} to {SubscriberUrl} failed: {Status} {Error}; not retried",
                        pending.WebhookId, pending.Trigger, pending.SubscriberUrl, status, error);
            }

            Record(new WebhookDelivery(Interlocked.Increment(ref sequence), pending.WebhookId, pending.SubscriberUrl, pending.Trigger,
                pending.Body, pending.Signature, status, error, skipped, state.Now));
        }
    }

    private void Record(WebhookDelivery delivery)
    {
        List<TaskCompletionSource<WebhookDelivery>> done = [];
        lock (gate)
        {
            log.Add(delivery);
            foreach (var waiter in waiters.Where(w => w.Match(delivery)).ToList())
            {
                waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var source in done) source.TrySetResult(delivery);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        try
        {
            await worker.WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A subscriber that never answers must not hold up shutdown; its delivery is simply lost.
        }

        http.Dispose();
    }

    private sealed record PendingDelivery(string WebhookId, string SubscriberUrl, string Trigger, string Body, string Signature);
}
