namespace CalAdmin.Web.Features.Reassignments;

public static class ReassignmentsSetup
{
    /// <summary>The managers' side of reassignments: the history (page and export) and the fairness report.</summary>
    public static WebApplicationBuilder AddReassignments(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReassignmentQuery>();
        builder.Services.AddScoped<FairnessReport>();
        return builder;
    }
}
