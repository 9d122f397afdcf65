using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CalAdmin.Tests.Staff.StaffTestData;

namespace CalAdmin.Tests.Staff;

public sealed class StaffDirectoryTests : IAsyncLifetime
{
    private sealed class CountingNotifier : IMappingChangeNotifier
    {
        public int Calls;
        public Task MappingsChangedAsync() { Interlocked.Increment(ref Calls); return Task.CompletedTask; }
    }

    private readonly CalAdminFactory factory = new();
    private readonly CountingNotifier notifier = new();
    private IServiceProvider services = null!;

    public Task InitializeAsync()
    {
        services = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IMappingChangeNotifier>(notifier))).Services;
        return Task.CompletedTask;
    }

    private async Task<T> With<T>(Func<StaffDirectory, AppDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await work(scope.ServiceProvider.GetRequiredService<StaffDirectory>(), db);
    }

    [Fact]
    public async Task Create_validates_normalizes_refuses_duplicates_audits_and_notifies()
    {
        var admin = Admin();

        Assert.Equal("A name is required.", (await With((d, _) => d.CreateAsync(admin, new StaffInput(" ", "a@x.test", null)))).Error);
        Assert.Equal("'Jane <jane@x.test>' is not a valid email address.", (await With((d, _) => d.CreateAsync(admin, new StaffInput("Jane", "Jane <jane@x.test>", null)))).Error);
        Assert.True((await With((d, _) => d.CreateAsync(admin, new StaffInput(" Jane Doe ", " Jane@X.test ", " Sales ")))).Succeeded);
        Assert.Equal("A staff member with the email jane@x.test already exists.", (await With((d, _) => d.CreateAsync(admin, new StaffInput("Other", "jane@x.test", null)))).Error);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => With((d, _) => d.CreateAsync(Principal("m", Roles.Manager), new StaffInput("M", "m@x.test", null))));

        var jane = await With((_, db) => db.Staff.SingleAsync());
        Assert.Equal(("Jane Doe", "Jane@X.test", "jane@x.test", "Sales"), (jane.Name, jane.Email, jane.NormalizedEmail, jane.Department));
        Assert.Equal(jane.Id.ToString(), await With((_, db) => db.AuditEntries.Where(a => a.Action == "staff.create").Select(a => a.EntityId).SingleAsync()));
        Assert.Equal(1, notifier.Calls);
    }

    [Fact]
    public async Task Deactivating_a_mapped_staff_member_keeps_the_mapping_and_says_so_and_managers_only_read()
    {
        await SeedHealthSetAsync(services);
        var alice = await With((_, db) => db.Staff.SingleAsync(s => s.Email == "alice@x.test"));

        var result = await With((d, _) => d.SetActiveAsync(Admin(), alice.Id, false));

        Assert.Equal("Alice Archer is deactivated; the mapping to Cal.com user 101 stays until an admin unmaps it.", result.Message);
        Assert.True(await With((_, db) => db.StaffMappings.AnyAsync(m => m.StaffId == alice.Id)));
        var (rows, total) = await With((d, _) => d.SearchAsync(Principal("m", Roles.Manager), new StaffQuery("ARCHER")));
        Assert.Equal((1, false, "101"), (total, rows[0].Active, rows[0].CalComUserId));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => With((d, _) => d.SearchAsync(Principal("s", Roles.Staff), new StaffQuery())));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => With((d, _) => d.SetActiveAsync(Principal("m", Roles.Manager), alice.Id, true)));
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
