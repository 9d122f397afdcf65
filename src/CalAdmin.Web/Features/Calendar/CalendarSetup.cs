namespace CalAdmin.Web.Features.Calendar;

public static class CalendarSetup
{
    /// <summary>The calendar page's query over the mirror.</summary>
    public static WebApplicationBuilder AddCalendar(this WebApplicationBuilder builder)
    {
        builder.Services.AddCalendar();
        return builder;
    }

    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddScoped<CalendarQuery>();
        return services;
    }
}
