namespace CalAdmin.Web.Features.Insights;

public static class InsightsSetup
{
    /// <summary>The managers' insights: the page's query and this server's copy of the facts (the page itself is found by the router).</summary>
    public static WebApplicationBuilder AddInsights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InsightsQuery>();
        builder.Services.AddSingleton<InsightsFactsCache>();
        return builder;
    }

    /// <summary>The insights CSV.</summary>
    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app) => app.MapInsightsExport();
}
