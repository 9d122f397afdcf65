using Serilog;

namespace CalAdmin.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> section (console and a rolling file by default). Registered per host rather than
    /// through the static Log.Logger, so several test hosts can live in one process.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }

    /// <summary>One line per request: method, path (never the query string, which may carry tokens), status, time.</summary>
    public static WebApplication UseCalAdminRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetLevel = (ctx, _, ex) => ex is not null || ctx.Response.StatusCode >= 500
                ? Serilog.Events.LogEventLevel.Error
                : ctx.Request.Path.StartsWithSegments("/_blazor") || ctx.Request.Path.StartsWithSegments("/_framework")
                  // Refused webhook posts are counted and their log sampled (RejectionTally): a flood writes no line per request.
                  || (ctx.Request.Path.StartsWithSegments("/webhooks") && ctx.Response.StatusCode is 401 or 429)
                    ? Serilog.Events.LogEventLevel.Debug
                    : Serilog.Events.LogEventLevel.Information;
        });
        return app;
    }
}
