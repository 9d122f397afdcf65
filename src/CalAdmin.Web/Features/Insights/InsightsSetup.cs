namespace CalAdmin.Web.Features.Insights;

public static class InsightsSetup
{
    /// <summary>The managers' insights: the page's query (the page itself is found by the router).</summary>
    public static WebApplicationBuilder AddInsights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InsightsQuery>();
        return builder;
    }

    /// <summary>The insights CSV.</summary>
    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app) => app.MapInsightsExport();
}
