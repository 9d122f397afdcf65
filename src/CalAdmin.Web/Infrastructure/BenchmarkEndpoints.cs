namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// Measuring aids for the benchmark program, mapped only with <c>CalAdmin:Benchmarks:MemoryEndpoint=true</c> (off by
/// default) and answered only to loopback callers.
/// </summary>
public static class BenchmarkEndpoints
{
    public const string MemoryPath = "/_benchmark/memory";

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("CalAdmin:Benchmarks:MemoryEndpoint", false)) return app;
        app.MapGet(MemoryPath, (HttpContext http) =>
        {
            if (http.Connection.RemoteIpAddress is not { } ip || !System.Net.IPAddress.IsLoopback(ip)) return Results.NotFound();
            // What the open circuits keep alive, without the garbage a GC has not collected yet.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Ok(new { managedHeapBytes = GC.GetTotalMemory(forceFullCollection: false) });
        }).AllowAnonymous();
        return app;
    }
}
