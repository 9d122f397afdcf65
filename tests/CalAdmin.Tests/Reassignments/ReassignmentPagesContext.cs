using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Home;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Reassignments;

/// <summary>bunit with the real MudBlazor components and the real feature classes over ReassignmentData on SQLite.</summary>
public abstract class ReassignmentPagesContext : BunitContext, IAsyncLifetime
{
    protected CalAdminFactory Factory { get; private set; } = null!;
    protected IDbContextFactory<AppDbContext> Db { get; private set; } = null!;
    protected ReassignmentData Data { get; private set; } = null!;
    protected InProcessChangeFeed Feed { get; } = new(NullLogger<InProcessChangeFeed>.Instance);

    /// <summary>How long a wait for a rendered state may take: the machine is shared, and a re-query can take more than bunit's default second.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    protected ReassignmentPagesContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public virtual async Task InitializeAsync()
    {
        (Factory, Db, Data) = await ReassignmentData.StartAsync();
        Services.AddSingleton(Db);
        Services.AddSingleton<IOptions<CalAdminOptions>>(Options.Create(new CalAdminOptions { TimeZone = ReassignmentData.Zone }));
        Services.AddSingleton<TimeProvider>(new FixedClock(ReassignmentData.Now));
        Services.AddSingleton<IChangeFeed>(Feed);
        // The features' own registrations, as the app makes them.
        Services.AddBookings().AddReassignments().AddHome();
    }

    /// <summary>Signs in with <paramref name="role"/>; after every registration, as bunit wants the renderer info last.</summary>
    protected void SignedInAs(string role)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);
        // LiveRefresh subscribes only in an interactive circuit.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected void GoTo(string relativeUrl) => Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);

    protected IRenderedComponent<T> RenderPage<T>() where T : IComponent
    {
        Render<MudPopoverProvider>();
        return Render<T>();
    }

    /// <summary>Adds a reassignment of booking <paramref name="uid"/> as another browser's action would, and returns its id.</summary>
    protected async Task<long> AddReassignmentAsync(string uid, int? from, int? to, DateTime at, string reason)
    {
        await using var db = await Db.CreateDbContextAsync();
        var booking = await db.Bookings.SingleAsync(b => b.Uid == uid);
        var row = new Reassignment { BookingId = booking.Id, FromHostId = from, ToHostId = to, At = at, RecordedAt = at, Reason = reason, Source = ReassignmentSource.CalAdmin, ByUser = "other@biz.test" };
        db.Reassignments.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
