using CalAdmin.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Away;

public static class AwaySetup
{
    /// <summary>Out-of-office entries, the away worklist and the move job.</summary>
    public static WebApplicationBuilder AddAway(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AwayWorklist>();
        builder.Services.AddScoped<AwayMoves>();
        builder.Services.TryAddScoped<AwayQuery>();
        builder.Services.AddTransient<AwayMoveJob>();
        builder.Services.AddTransient<AwaySync>();
        return builder;
    }

    /// <summary>A move that a stopped server left unfinished is enqueued again at start (its finished bookings are skipped).</summary>
    public static WebApplication MapAway(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = ResumeAsync(app.Services, app.Lifetime.ApplicationStopping));
        return app;
    }

    private static async Task ResumeAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var open = await db.AwayMoves.Where(m => m.FinishedAt == null).Select(m => m.Id).ToListAsync(ct);
            var jobs = services.GetRequiredService<IBackgroundJobClient>();
            foreach (var id in open) jobs.Enqueue<AwayMoveJob>(j => j.RunAsync(id, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.GetRequiredService<ILogger<AwayMoveJob>>().LogWarning(ex, "Could not resume unfinished moves");
        }
    }
}
