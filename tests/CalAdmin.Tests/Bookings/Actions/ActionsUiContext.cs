using Bunit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>
/// The action dialogs rendered with the real MudBlazor components and the real feature classes of a host with its sandbox
/// (<see cref="ActionsHost"/>): one scope of the host per test class instance, the viewer in UTC.
/// </summary>
public abstract class ActionsUiContext : BunitContext, IClassFixture<ActionsHost>, IAsyncLifetime
{
    private readonly AsyncServiceScope scope;

    protected ActionsUiContext(ActionsHost host)
    {
        scope = host.Services.CreateAsyncScope();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<BookingCommands>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<BookingChoices>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<CalAdmin.Web.Features.People.PeopleDirectory>());
        Services.AddSingleton(TestClock.Provider);
        Services.AddSingleton<IOptions<CalAdminOptions>>(Options.Create(new CalAdminOptions { TimeZone = "UTC" }));
        Services.AddScoped<ViewerTimeZone>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await scope.DisposeAsync();
    }
}
