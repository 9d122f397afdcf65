using System.Security.Claims;
using System.Text;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Staff;

public static class StaffSetup
{
    /// <summary>Staff, their import and their mappings to Cal.com hosts: the feature classes the pages call.</summary>
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddStaff();
        return builder;
    }

    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        // The change feed replaces this with a registration of its own.
        services.TryAddSingleton<IMappingChangeNotifier, ChangeFeedMappingNotifier>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<StaffDirectory>();
        services.AddScoped<StaffImport>();
        services.AddScoped<StaffMappings>();
        services.AddScoped<MappingBoard>();
        return services;
    }

    /// <summary><c>GET /exports/staff.csv</c> for admins: UTF-8 with a BOM so spreadsheets read accents right.</summary>
    public static WebApplication MapStaff(this WebApplication app)
    {
        app.MapGet("/exports/staff.csv", async (ClaimsPrincipal user, StaffImport import, TimeProvider clock, CancellationToken ct) =>
            {
                var csv = await import.ExportAsync(user, ct);
                var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
                return TypedResults.File(bytes, "text/csv; charset=utf-8", $"staff-{clock.GetUtcNow():yyyy-MM-dd}.csv");
            })
            .RequireAuthorization(IdentitySetup.AdminPolicy);
        return app;
    }
}
