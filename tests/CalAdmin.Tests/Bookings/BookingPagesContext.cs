using Bunit;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Calendar;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Bookings;

/// <summary>bunit with the real MudBlazor components and the real feature classes over BookingData on SQLite.</summary>
public abstract class BookingPagesContext : BunitContext, IAsyncLifetime
{
    protected CalAdminFactory Factory { get; private set; } = null!;
    protected IDbContextFactory<AppDbContext> Db { get; private set; } = null!;
    protected BookingData Data { get; private set; } = null!;
    protected InProcessChangeFeed Feed { get; } = new(NullLogger<InProcessChangeFeed>.Instance);
    /// <summary>The pages' clock: BookingData's "now", still; a test class may set another in its constructor.</summary>
    protected TimeProvider Clock { get; init; } = new FixedClock(BookingData.Now);

    protected BookingPagesContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public virtual async Task InitializeAsync()
    {
        (Factory, Db, Data) = await BookingData.StartAsync();
        Services.AddSingleton(Db);
        Services.AddSingleton(Factory.Services.GetRequiredService<WriteGate>());
        Services.AddSingleton<IOptions<CalAdminOptions>>(Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }));
        Services.AddSingleton(Clock);
        Services.AddSingleton<IChangeFeed>(Feed);
        // The features' own registrations, as the app makes them.
        Services.AddBookings().AddCalendar();
        // LiveRefresh subscribes only in an interactive circuit.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected void GoTo(string relativeUrl) => Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);

    protected IRenderedComponent<T> RenderPage<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Render<MudPopoverProvider>();
        return parameters is null ? Render<T>() : Render(parameters);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
