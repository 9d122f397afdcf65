using System.Net;
using System.Text;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Benchmarks;

/// <summary>
/// The benchmark program's "dashboard" role: the real CalAdmin (its own <c>Program</c>, settings from the environment as
/// for <c>CalAdmin.Web.dll</c>) hosted in this process on Kestrel, plus two measuring aids that exist only here, never in
/// the shipped app: <see cref="MemoryPath"/> (the live managed heap after a full collection) and <see cref="BaselinePath"/>
/// (verify the signature and insert the raw body, the webhook benchmark's same-host yardstick). Started by
/// <see cref="ServerProcess.StartInstrumentedDashboardAsync"/>.
/// </summary>
public static class InstrumentedDashboard
{
    public const string MemoryPath = "/_benchmark/memory";
    public const string BaselinePath = WebhookEndpoint.Path + "/baseline";

    public static async Task<int> RunAsync()
    {
        // The process runs in the benchmark's work directory: name the app's content root (its project folder, as the
        // tests' hosts have it) instead of letting WebApplicationFactory look for it from there.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CALADMIN_WEB", Path.Combine(Measure.RepoRoot(), "src", "CalAdmin.Web"));
        await using var factory = new Factory();
        factory.Start();
        // The parent benchmark ends this process (SIGKILL), as it does the plain dashboard process.
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private sealed class Factory : WebApplicationFactory<CalAdmin.Web.Components.App>
    {
        public void Start()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, MeasuringEndpoints>());
    }

    /// <summary>Maps the aids onto the app's own route table, so they run through the app's whole pipeline as its endpoints do.</summary>
    private sealed class MeasuringEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // WebApplication leaves itself as the pipeline's route builder once it has wired its routes in.
            if (!app.Properties.TryGetValue("__EndpointRouteBuilder", out var found) || found is not IEndpointRouteBuilder routes)
                throw new InvalidOperationException("The app's route builder was not found: the benchmark cannot add its measuring endpoints.");
            routes.MapGet(MemoryPath, ManagedHeap).AllowAnonymous();
            routes.MapPost(BaselinePath, BaselineAsync).AllowAnonymous().DisableAntiforgery();
        };
    }

    private static IResult ManagedHeap(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
        // What the open circuits keep alive, without the garbage a GC has not collected yet.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Results.Ok(new { managedHeapBytes = GC.GetTotalMemory(forceFullCollection: false) });
    }

    /// <summary>Verify the signature and insert the raw body, nothing else (no parsing, no de-duplication; stored as ignored so nothing applies it).</summary>
    private static async Task<IResult> BaselineAsync(HttpRequest request, WebhookSecrets secrets, IDbContextFactory<AppDbContext> dbFactory,
        TimeProvider clock, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > WebhookEndpoint.MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = buffer.ToArray();
        if (!WebhookSignature.IsValid(body, request.Headers[WebhookSignature.Header].ToString(), secrets.Current)) return Results.Unauthorized();
        var now = clock.GetUtcNow().UtcDateTime;
        var key = Guid.NewGuid().ToString("N");
        var raw = Encoding.UTF8.GetString(body);
        var ignored = nameof(DeliveryOutcome.Ignored);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "WebhookDeliveries" ("ReceivedAt", "Trigger", "DedupKey", "RawBody", "Outcome", "DuplicateCount")
            VALUES ({now}, {"(baseline)"}, {key}, {raw}, {ignored}, {0})
            """, ct);
        return Results.Ok();
    }
}
