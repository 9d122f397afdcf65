using Bunit;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using static CalAdmin.Tests.Staff.StaffTestData;

namespace CalAdmin.Tests.Staff;

/// <summary>The real pages with the real feature classes over the app's SQLite database.</summary>
public sealed class StaffPagesTests : BunitContext, IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    public StaffPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Services.AddSingleton(factory.Services.GetRequiredService<IOptions<CalAdminOptions>>());
        // The host's own change feed: a change published there refreshes these pages.
        Services.AddSingleton(factory.Services.GetRequiredService<IChangeFeed>());
        Services.AddStaff().AddHosts().AddAudit();
    }

    private void SignedInAs(string role)
    {
        AddAuthorization().SetAuthorized("ada@test.local").SetRoles(role);
        // LiveRefresh subscribes only in an interactive circuit.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Mappings_page_shows_the_health_counts_and_the_rows_of_the_seeded_set()
    {
        await SeedHealthSetAsync(factory.Services);
        SignedInAs(Roles.Admin);
        Render<MudPopoverProvider>();

        var cut = Render<MappingsPage>();

        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("[data-testid=health-Mapped] .health-count").TextContent));
        Assert.Equal("3", cut.Find("[data-testid=health-HostsWithoutStaff] .health-count").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=health-StaffWithoutHost] .health-count").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=health-Orphaned] .health-count").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=health-Conflicts] .health-count").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=health-AwaitingReview] .health-count").TextContent);
        var hosts = cut.FindAll(".host-name").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(new[] { "Alice Archer", "Bob Baker", "Carol Cook", "Frank Fox", "Gina Gold", "Shared One", "Shared Two", XssName }.Order(StringComparer.Ordinal),
            hosts.Order(StringComparer.Ordinal));
        Assert.Contains("Dan Dyer", cut.FindAll(".staff-name").Select(e => e.TextContent.Trim()));
        Assert.Empty(cut.FindAll("img[src=x]"));
    }

    [Fact]
    public async Task Clicking_a_health_chip_filters_the_table()
    {
        await SeedHealthSetAsync(factory.Services);
        SignedInAs(Roles.Admin);
        Render<MudPopoverProvider>();
        var cut = Render<MappingsPage>();
        cut.WaitForAssertion(() => Assert.Equal(8, cut.FindAll(".host-name").Count));

        cut.Find("[data-testid=health-Orphaned]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Frank Fox"], cut.FindAll(".host-name").Select(e => e.TextContent.Trim())));
    }

    [Fact]
    public async Task RefreshAsync_requeries_the_mappings_page_after_a_change_made_elsewhere()
    {
        await SeedHealthSetAsync(factory.Services);
        SignedInAs(Roles.Admin);
        Render<MudPopoverProvider>();
        var cut = Render<MappingsPage>();
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=health-HostsWithoutStaff] .health-count").TextContent));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var (host, dan) = (await db.Hosts.SingleAsync(h => h.CalComUserId == 108), await db.Staff.SingleAsync(s => s.Email == "dan@x.test"));
            Assert.True((await scope.ServiceProvider.GetRequiredService<StaffMappings>().MapAsync(Admin("other@test.local"), host.Id, dan.Id)).Succeeded);
        }
        await cut.InvokeAsync(() => cut.Instance.RefreshAsync());

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=health-HostsWithoutStaff] .health-count").TextContent));
        Assert.Equal("5", cut.Find("[data-testid=health-Mapped] .health-count").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=health-StaffWithoutHost] .health-count").TextContent);
    }

    [Fact]
    public async Task Hosts_page_flags_unmapped_hosts_and_renders_markup_in_names_as_text()
    {
        await SeedHealthSetAsync(factory.Services);
        SignedInAs(Roles.Staff);
        Render<MudPopoverProvider>();

        var cut = Render<HostsPage>();

        cut.WaitForAssertion(() => Assert.Equal(7, cut.FindAll("[data-testid=host-name]").Count)); // the active hosts
        string? Staff(string host) => cut.FindAll("tr").Single(r => r.QuerySelector("[data-testid=host-name]")?.TextContent.Trim() == host)
            .QuerySelector("[data-testid=unmapped]")?.TextContent.Trim();
        Assert.Equal("Unmapped", Staff("Shared One"));
        Assert.Equal("Unmapped", Staff(XssName));
        Assert.Null(Staff("Alice Archer"));
        Assert.Empty(cut.FindAll("img[src=x]"));
        Assert.Contains(XssName, cut.Find("[data-testid=hosts-grid]").TextContent);
    }

    [Fact]
    public void Hosts_page_explains_an_empty_team()
    {
        SignedInAs(Roles.Staff);
        Render<MudPopoverProvider>();

        var cut = Render<HostsPage>();

        cut.WaitForAssertion(() => Assert.Contains("the team sync brings them in", cut.Find("[data-testid=hosts-empty]").TextContent));
    }

    [Fact]
    public async Task Host_detail_shows_the_next_bookings_with_a_hostile_attendee_name_as_text_and_the_mapping_history()
    {
        await SeedHealthSetAsync(factory.Services);
        var start = TestClock.UtcNow.AddDays(2);
        int hostId = 0;
        await SeedAsync(factory.Services, db =>
        {
            var host = db.Hosts.Single(h => h.CalComUserId == 104);
            hostId = host.Id;
            var booking = new Booking { Uid = "b-1", Title = "Intro call", StartUtc = start, EndUtc = start.AddMinutes(30), Status = BookingStatus.Accepted, CreatedAt = Seeded, UpdatedAt = Seeded };
            booking.Attendees.Add(new Attendee { Name = XssName, Email = "a@x.test" });
            booking.Hosts.Add(new BookingHost { Host = host, StartUtc = start });
            db.Bookings.Add(booking);
        });
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var dan = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext().Staff.SingleAsync(s => s.Email == "dan@x.test");
            Assert.True((await scope.ServiceProvider.GetRequiredService<StaffMappings>().MapAsync(Admin(), hostId, dan.Id)).Succeeded);
        }
        SignedInAs(Roles.Staff);
        Render<MudPopoverProvider>();

        var cut = Render<HostDetailPage>(p => p.Add(x => x.Id, hostId));

        cut.WaitForAssertion(() => Assert.Contains(XssName, cut.Find("[data-testid=host-bookings]").TextContent));
        Assert.Empty(cut.FindAll("img[src=x]"));
        Assert.Contains("Intro call", cut.Find("[data-testid=host-bookings]").TextContent);
        Assert.Contains("Dan Dyer", cut.Markup);
        Assert.Contains("mapping.map", cut.Find("[data-testid=host-history]").TextContent);
        Assert.Contains("1", cut.FindAll("tr").Single(r => r.TextContent.Contains("Upcoming bookings")).TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await factory.DisposeAsync();
    }
}
