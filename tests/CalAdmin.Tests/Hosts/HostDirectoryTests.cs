using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Tests.Staff;
using static CalAdmin.Tests.Staff.StaffTestData;

namespace CalAdmin.Tests.Hosts;

public sealed class HostDirectoryTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    private async Task SeedAsync()
    {
        await SeedHealthSetAsync(factory.Services);
        var soon = TestClock.UtcNow.AddDays(1);
        await StaffTestData.SeedAsync(factory.Services, db =>
        {
            var alice = db.Hosts.Single(h => h.CalComUserId == 101);
            var bob = db.Hosts.Single(h => h.CalComUserId == 102);
            var sales = new EventType { CalComId = 1, Title = "Sales call", SchedulingType = SchedulingType.RoundRobin, UpdatedAt = Seeded };
            sales.Hosts.Add(new EventTypeHost { Host = alice, Priority = 3 });
            sales.Hosts.Add(new EventTypeHost { Host = bob, Priority = 2 });
            db.EventTypes.Add(sales);
            for (var i = 0; i < 3; i++)
            {
                var b = new Booking { Uid = $"b{i}", Title = "Call", StartUtc = soon.AddHours(i), EndUtc = soon.AddHours(i + 1), Status = i == 2 ? BookingStatus.Cancelled : BookingStatus.Accepted, CreatedAt = Seeded, UpdatedAt = Seeded };
                b.Hosts.Add(new BookingHost { Host = bob, StartUtc = b.StartUtc });
                db.Bookings.Add(b);
            }
            var past = new Booking { Uid = "past", Title = "Old", StartUtc = soon.AddDays(-10), EndUtc = soon.AddDays(-10), CreatedAt = Seeded, UpdatedAt = Seeded };
            past.Hosts.Add(new BookingHost { Host = bob, StartUtc = past.StartUtc });
            db.Bookings.Add(past);
        });
    }

    private async Task<(IReadOnlyList<HostRow> Rows, int Total)> Page(HostQuery query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HostDirectory>().PageAsync(query);
    }

    [Fact]
    public async Task Filters_search_sorting_and_projection_are_done_by_the_database()
    {
        await SeedAsync();

        var unmapped = await Page(new HostQuery(Active: true, Mapped: false));
        Assert.Equal([XssName, "Shared One", "Shared Two"], unmapped.Rows.Select(r => r.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(unmapped.Rows, r => Assert.Null(r.StaffName));

        var sales = await Page(new HostQuery(EventTypeId: (await Page(new HostQuery(Search: "alice"))).Rows.Single().EventTypes.Single().EventTypeId));
        Assert.Equal(["Alice Archer", "Bob Baker"], sales.Rows.Select(r => r.DisplayName));
        var alice = sales.Rows[0];
        Assert.Equal(("Alice Archer", "Sales call", "high"), (alice.StaffName, alice.EventTypes[0].Title, alice.EventTypes[0].PriorityName));

        var busiest = await Page(new HostQuery(SortBy: HostSort.UpcomingBookings, Descending: true, PageSize: 2));
        Assert.Equal(9, busiest.Total);
        Assert.Equal(("Bob Baker", 2), (busiest.Rows[0].DisplayName, busiest.Rows[0].UpcomingBookings)); // the cancelled and the past one do not count

        Assert.Equal(["Carol Cook"], (await Page(new HostQuery(Search: "CAROL.NEW@"))).Rows.Select(r => r.DisplayName));
        Assert.Equal(2, (await Page(new HostQuery(Active: false))).Total);
    }

    [Fact]
    public async Task Audit_log_is_newest_first_filtered_and_refused_to_staff()
    {
        await StaffTestData.SeedAsync(factory.Services, db =>
        {
            db.AuditEntries.Add(new AuditEntry { At = Seeded, UserName = "a@x", Action = "staff.create", EntityType = "Staff", EntityId = "1" });
            db.AuditEntries.Add(new AuditEntry { At = Seeded.AddDays(1), UserName = "b@x", Action = "mapping.map", EntityType = "StaffMapping", EntityId = "101" });
            db.AuditEntries.Add(new AuditEntry { At = Seeded.AddDays(2), UserName = "a@x", Action = "mapping.unmap", EntityType = "StaffMapping", EntityId = "101" });
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var manager = Principal("m@x", Roles.Manager);

        Assert.Equal(["mapping.unmap", "mapping.map"], (await log.PageAsync(manager, new AuditQuery(EntityType: "StaffMapping"))).Rows.Select(r => r.Action));
        Assert.Equal(["mapping.unmap", "staff.create"], (await log.PageAsync(manager, new AuditQuery(User: "a@x"))).Rows.Select(r => r.Action));
        var day = DateOnly.FromDateTime(Seeded.AddDays(1));
        Assert.Equal(["mapping.map"], (await log.PageAsync(manager, new AuditQuery(From: day, To: day))).Rows.Select(r => r.Action).Where(a => a != "user.create"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => log.PageAsync(Principal("s@x", Roles.Staff), new AuditQuery()));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
