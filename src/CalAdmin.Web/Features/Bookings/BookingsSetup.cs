namespace CalAdmin.Web.Features.Bookings;

public static class BookingsSetup
{
    /// <summary>The read side of bookings: the list, the details, the calendar and the export.</summary>
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ViewerTimeZone>();
        builder.Services.AddScoped<BookingList>();
        builder.Services.AddScoped<BookingDetailsQuery>();
        builder.Services.AddScoped<Calendar.CalendarQuery>();
        // The write side: Cal.com actions from the browser.
        builder.Services.AddSingleton<Actions.BookingActionGuard>();
        builder.Services.AddScoped<Actions.BookingCommands>();
        builder.Services.AddScoped<Actions.BookingChoices>();
        return builder;
    }
}
