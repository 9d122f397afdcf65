using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// A tiny Cal.com stand-in on a real loopback port, scripted per test with MapGet/MapPost. It records what it
/// received, stamped with the test's clock.
/// </summary>
public sealed class ScriptedCalCom : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly ConcurrentQueue<SeenRequest> _seen;

    private ScriptedCalCom(WebApplication app, Uri baseUrl, ConcurrentQueue<SeenRequest> seen)
    {
        _app = app;
        BaseUrl = baseUrl;
        _seen = seen;
    }

    public Uri BaseUrl { get; }

    public sealed record SeenRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At, string Body = "")
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    public static async Task<ScriptedCalCom> StartAsync(Action<WebApplication> script, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var seen = new ConcurrentQueue<SeenRequest>();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            seen.Enqueue(new SeenRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                (clock ?? TimeProvider.System).GetUtcNow(),
                body));
            await next(context);
        });
        script(app);
        await app.StartAsync();
        var address = app.Urls.First();
        return new ScriptedCalCom(app, new Uri(address), seen);
    }

    public IReadOnlyList<SeenRequest> Seen => [.. _seen];

    public static IResult Json(string json, int status = 200) => Results.Text(json, "application/json", statusCode: status);

    public static IResult Error(int status, string code, string message) =>
        Json($$$"""{"status":"error","error":{"code":"{{{code}}}","message":"{{{message}}}"}}""", status);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
