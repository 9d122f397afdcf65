using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Sandbox;

/// <summary>A tiny Kestrel listener standing in for the dashboard's webhook endpoint; it keeps what it receives.</summary>
internal sealed class WebhookSubscriber : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedWebhook> received;

    private WebhookSubscriber(WebApplication app, Channel<ReceivedWebhook> received, string url)
    {
        this.app = app;
        this.received = received;
        Url = url;
    }

    public string Url { get; }

    public static async Task<WebhookSubscriber> StartAsync()
    {
        var received = Channel.CreateUnbounded<ReceivedWebhook>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await received.Writer.WriteAsync(new ReceivedWebhook(headers, body.ToArray()));
            http.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookSubscriber(app, received, address + "/hooks/cal");
    }

    /// <summary>The next delivery; fails the test after 10 s rather than hanging.</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out ReceivedWebhook? webhook) => received.Reader.TryRead(out webhook);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body);
