namespace CalAdmin.Web.Features.Audit;

public static class AuditSetup
{
    /// <summary>The audit log every feature writes its admins' and staff's actions to, and its page reads.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddAudit();
        return builder;
    }

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        return services;
    }
}
