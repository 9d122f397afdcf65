using Microsoft.Extensions.DependencyInjection.Extensions;
namespace CalAdmin.Web.Features.Calendar;

public static class CalendarSetup
{
    /// <summary>The calendar page's query over the mirror, and the business's hours it opens on.</summary>
    public static WebApplicationBuilder AddCalendar(this WebApplicationBuilder builder)
    {
        builder.Services.AddCalendar();
        builder.Services.Configure<BusinessHoursOptions>(builder.Configuration.GetSection(BusinessHoursOptions.Section));
        return builder;
    }

    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddOptions<BusinessHoursOptions>();
        // The host lanes draw out-of-office entries.
        services.TryAddScoped<Away.AwayQuery>();
        return services;
    }
}
