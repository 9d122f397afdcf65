using Microsoft.Extensions.DependencyInjection.Extensions;
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
        // The host lanes draw out-of-office entries.
        services.TryAddScoped<Away.AwayQuery>();
        return services;
    }
}
