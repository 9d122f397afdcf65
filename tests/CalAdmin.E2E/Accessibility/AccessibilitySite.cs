using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.E2E.Accessibility;

/// <summary>
/// One Chromium and one dashboard host for every accessibility test of a class: the embedded sandbox's team and
/// bookings brought in by the real sync and import, and a user per role and theme.
/// </summary>
public sealed class AccessibilitySite : IAsyncLifetime
{
    public Browser Browser { get; } = new();
    public DashboardHost Host { get; } = new();
    public string BookingUid { get; private set; } = "";
    /// <summary>The booking's start as the slot picker writes it (data-start).</summary>
    public string BookingStart { get; private set; } = "";
    public string BookingAttendeeEmail { get; private set; } = "";
    public int HostId { get; private set; }
    public const string UnmappedHost = "Kay Board Host";
    public const string FreeStaff = "Kay Board Staff";

    private readonly Dictionary<(string Role, bool Dark), (string Email, string Password)> users = [];

    public async Task InitializeAsync()
    {
        Host.Settings["CalAdmin:TimeZone"] = "UTC";
        Host.Settings["CalCom:Sandbox:RateLimitPerMinute"] = "100000";
        Host.Start();
        await Browser.InitializeAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<TeamSync>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        Assert.True((await scope.ServiceProvider.GetRequiredService<BookingImport>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        // An upcoming accepted booking: its page shows every action a staff user has.
        // An upcoming accepted booking with one attendee whose email no other booking has: the keyboard test finds it by search.
        var booking = await db.Bookings.Where(b => b.StartUtc > now && b.CalComEventTypeId != null && b.Status == CalAdmin.Web.Features.Bookings.BookingStatus.Accepted
                && b.Attendees.Count == 1 && db.Attendees.Count(a => a.Email == b.Attendees.First().Email) == 1)
            .OrderBy(b => b.StartUtc).Select(b => new { b.Uid, b.StartUtc, b.Attendees.First().Email }).FirstAsync();
        (BookingUid, BookingAttendeeEmail) = (booking.Uid, booking.Email);
        BookingStart = DateTime.SpecifyKind(booking.StartUtc, DateTimeKind.Utc).ToString("O");
        HostId = await db.Hosts.OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        // An unmapped host and a staff member free to map to it, for the keyboard test's mapping.
        var at = Host.Clock.GetUtcNow().UtcDateTime;
        db.Hosts.Add(new CalAdmin.Web.Features.Hosts.Host { CalComUserId = 4343, Name = UnmappedHost, Email = "kay.host@example.com", NormalizedEmail = "kay.host@example.com", Username = "kay", Active = true, CreatedAt = at, UpdatedAt = at });
        db.Staff.Add(new CalAdmin.Web.Features.Staff.StaffMember { Name = FreeStaff, Email = "kay.staff@example.com", NormalizedEmail = "kay.staff@example.com", Department = "Front desk", CreatedAt = at, UpdatedAt = at });
        await db.SaveChangesAsync();
    }

    /// <summary>A user of the role whose saved theme is dark or light (made once, then reused).</summary>
    public async Task<(string Email, string Password)> UserAsync(string role, bool dark)
    {
        if (users.TryGetValue((role, dark), out var user)) return user;
        user = await Host.CreateUserAsync(role);
        await using var scope = Host.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var row = (await manager.FindByEmailAsync(user.Email))!;
        row.PrefersDarkMode = dark;
        Assert.True((await manager.UpdateAsync(row)).Succeeded);
        return users[(role, dark)] = user;
    }

    /// <summary>A signed-in page of its own context (reduced motion: no half-faded element is measured for contrast).</summary>
    public async Task<IPage> SignedInPageAsync(string role, bool dark, int width = 1366, int height = 800)
    {
        var (email, password) = await UserAsync(role, dark);
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ReducedMotion = ReducedMotion.Reduce,
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(Host.BaseAddress, email, password);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}
