namespace CalAdmin.Web.Features.Reassignments;

public static class ReassignmentsSetup
{
    /// <summary>The managers' side of reassignments: the history (page and export) and the fairness report.</summary>
    public static WebApplicationBuilder AddReassignments(this WebApplicationBuilder builder)
    {
        builder.Services.AddReassignments();
        return builder;
    }

    public static IServiceCollection AddReassignments(this IServiceCollection services)
    {
        services.AddScoped<ReassignmentQuery>();
        services.AddScoped<FairnessReport>();
        return services;
    }

    /// <summary><c>GET /exports/reassignments.csv</c>.</summary>
    public static WebApplication MapReassignments(this WebApplication app)
    {
        app.MapReassignmentExports();
        return app;
    }
}
