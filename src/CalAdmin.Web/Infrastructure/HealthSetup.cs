using System.Text.Json;
using CalAdmin.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CalAdmin.Web.Infrastructure;

public static class HealthSetup
{
    public static WebApplicationBuilder AddCalAdminHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        return builder;
    }

    /// <summary><c>/health</c>: anonymous, 200 when the database answers, else 503, with a small JSON body.</summary>
    public static WebApplication MapCalAdminHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                    // Figures behind a status (e.g. the webhook endpoint's refusals), for whoever alerts on Degraded.
                    data = report.Entries.Where(e => e.Value.Data.Count > 0).ToDictionary(e => e.Key, e => e.Value.Data),
                    durationMs = (int)report.TotalDuration.TotalMilliseconds,
                }));
            },
        }).AllowAnonymous();
        return app;
    }
}
