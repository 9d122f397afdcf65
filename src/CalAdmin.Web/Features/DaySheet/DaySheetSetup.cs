namespace CalAdmin.Web.Features.DaySheet;

public static class DaySheetSetup
{
    /// <summary>The printable day sheet (<c>/day-sheet</c>).</summary>
    public static WebApplicationBuilder AddDaySheet(this WebApplicationBuilder builder)
    {
        builder.Services.AddDaySheet();
        return builder;
    }

    public static IServiceCollection AddDaySheet(this IServiceCollection services)
    {
        services.AddScoped<DaySheetQuery>();
        return services;
    }
}
