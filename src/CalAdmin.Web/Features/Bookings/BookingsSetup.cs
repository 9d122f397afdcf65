using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CalAdmin.Web.Features.Bookings;

public static class BookingsSetup
{
    /// <summary>The read side of bookings (the list, the details and the export) and the Cal.com actions from the browser.</summary>
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        builder.Services.AddBookings();
        return builder;
    }

    public static IServiceCollection AddBookings(this IServiceCollection services)
    {
        services.AddScoped<ViewerTimeZone>();
        services.AddScoped<BookingList>();
        services.TryAddScoped<Outcomes.NoShowCounts>();
        services.AddSingleton<Live.BookingsGridHtml>();
        services.AddSingleton<Live.BookingChangeScope>();
        // The write side: Cal.com actions from the browser.
        services.AddSingleton<Actions.BookingActionGuard>();
        services.AddScoped<Actions.BookingCommands>();
        services.AddScoped<Actions.BookingChoices>();
        services.AddScoped<Notes.NoteCommands>();
        People.PeopleSetup.AddPeople(services);
        return services;
    }

    /// <summary>
    /// <c>GET /exports/bookings.csv</c>, and <c>GET /time-zones</c>: the zone ids this server knows, which the list's time
    /// zone field suggests (<see cref="StaticTimeZoneField"/>); they change only with the server's time zone data.
    /// </summary>
    public static WebApplication MapBookings(this WebApplication app)
    {
        app.MapBookingExports();
        app.MapGet(TimeZoneIdsRoute, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.Json(ViewerTimeZone.AllIds);
        }).RequireAuthorization().WithName("TimeZoneIds");
        return app;
    }

    public const string TimeZoneIdsRoute = "/time-zones";
}
