using System.Linq.Expressions;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// Hangfire itself: storage, server and dashboard (each feature registers its jobs and schedules them with
/// <see cref="ScheduleRecurring"/>). Its storage and job activator are registered in DI (not only in Hangfire's static
/// configuration), so each host — several in one test process — runs its jobs against its own services.
/// SQL Server storage (schema <c>hangfire</c>) with <c>Database:Provider=SqlServer</c>, in-memory on the embedded default.
/// </summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";
    public const string SqlServerSchema = "hangfire";

    public static WebApplicationBuilder AddCalAdminJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<JobsOptions>().Bind(config.GetSection(JobsOptions.Section));

        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.ParsedProvider == DatabaseProvider.SqlServer)
        {
            var connectionString = config.GetConnectionString("Hangfire") is { Length: > 0 } own ? own : config.GetConnectionString("SqlServer");
            services.AddSingleton<JobStorage>(_ => new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                SchemaName = SqlServerSchema,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.Zero,
            }));
        }
        else
        {
            services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions()));
        }
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        var jobs = config.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer)
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = Math.Max(1, jobs.WorkerCount);
                o.ServerName = $"caladmin-{Environment.MachineName}-{Environment.ProcessId}";
                o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            });
        return builder;
    }

    /// <summary>The dashboard at /hangfire, through the app's cookie sign-in: Admins may act, Managers read, anyone else is refused.</summary>
    public static WebApplication MapCalAdminJobs(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
            {
                AppPath = "/",
                DashboardTitle = "CalAdmin jobs",
                Authorization = [],
                AsyncAuthorization = [new RoleDashboardAuthorization()],
                IsReadOnlyFunc = ctx => !ctx.GetHttpContext().User.IsInRole(Roles.Admin),
            }, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(IdentitySetup.ManagerPolicy);
        return app;
    }

    /// <summary>
    /// Schedules (or reschedules) a feature's recurring job in the business's time zone; a bad cron expression stops
    /// the start with the name of the setting it came from.
    /// </summary>
    public static void ScheduleRecurring<TJob>(this WebApplication app, string jobId, Expression<Func<TJob, Task>> run, string cron, string setting)
    {
        var zone = app.Services.GetRequiredService<IOptions<CalAdminOptions>>().Value.TimeZoneInfo;
        try
        {
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(jobId, run, cron, new RecurringJobOptions { TimeZone = zone });
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingsException([$"{setting} '{cron}' is not a valid cron expression ({ex.Message})."]);
        }
    }

    /// <summary>Signed-in Admins and Managers only (Managers read-only); never "any local request", which a reverse proxy defeats.</summary>
    private sealed class RoleDashboardAuthorization : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return Task.FromResult(user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager)));
        }
    }
}
