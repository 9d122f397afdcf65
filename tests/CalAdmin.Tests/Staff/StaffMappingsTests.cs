using System.Net;
using System.Text.Json;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CalAdmin.Tests.Staff.StaffTestData;

namespace CalAdmin.Tests.Staff;

public sealed class StaffMappingsTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    /// <summary>A fresh scope per call, as each page action gets one: two calls are two independent admins' commands.</summary>
    private async Task<T> With<T>(Func<StaffMappings, AppDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await work(scope.ServiceProvider.GetRequiredService<StaffMappings>(), db);
    }

    private Task<int> HostId(int calComUserId) => With((_, db) => db.Hosts.Where(h => h.CalComUserId == calComUserId).Select(h => h.Id).SingleAsync());
    private Task<int> StaffId(string email) => With((_, db) => db.Staff.Where(s => s.Email == email).Select(s => s.Id).SingleAsync());
    private Task<StaffMapping?> Mapping(int calComUserId) => With((_, db) => db.StaffMappings.AsNoTracking().Include(m => m.Staff).SingleOrDefaultAsync(m => m.ExternalId == calComUserId.ToString()));

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Staff_and_managers_are_refused_by_the_command_class_and_nothing_changes(string role)
    {
        await SeedHealthSetAsync(factory.Services);
        var actor = Principal("someone@test.local", role);
        var (host, dan) = (await HostId(104), await StaffId("dan@x.test"));
        var alice = (await Mapping(101))!;

        await With<bool>(async (mappings, db) =>
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => mappings.MapAsync(actor, host, dan));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => mappings.UnmapAsync(actor, alice.Id, alice.Version));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => mappings.RemapAsync(actor, alice.Id, alice.Version, dan, "because"));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => mappings.PreviewAutoMatchAsync(actor));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => mappings.ApplyAutoMatchAsync(actor, [new AutoMatchPair(host, dan, "", "", "")]));
            Assert.Equal(5, await db.StaffMappings.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.EntityType == StaffMappings.AuditEntityType));
            return true;
        });
        var after = (await Mapping(101))!;
        Assert.Equal((alice.StaffId, alice.Version), (after.StaffId, after.Version));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Staff_and_managers_opening_mappings_over_http_are_sent_to_access_denied(string role)
    {
        var (email, password) = await factory.CreateUserAsync(role);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        var page = await client.GetAsync("/mappings");
        var export = await client.GetAsync("/exports/staff.csv");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/AccessDenied", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.Contains("/Account/AccessDenied", export.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Map_remap_and_unmap_are_each_audited_with_before_and_after()
    {
        await SeedHealthSetAsync(factory.Services);
        var admin = Admin("ada@test.local");
        var (host, dan, alice) = (await HostId(104), await StaffId("dan@x.test"), await StaffId("alice@x.test"));

        var mapped = await With((m, _) => m.MapAsync(admin, host, dan));
        Assert.True(mapped.Succeeded, mapped.Error);
        var mapping = (await Mapping(104))!;
        Assert.Equal((dan, MappingMethod.Manual, "ada@test.local"), (mapping.StaffId, mapping.Method, mapping.CreatedBy));

        // Remapping needs a reason, and the staff member must be free.
        Assert.Contains("reason", (await With((m, _) => m.RemapAsync(admin, mapping.Id, mapping.Version, alice, " "))).Error);
        Assert.Contains("already mapped to Cal.com user", (await With((m, _) => m.RemapAsync(admin, mapping.Id, mapping.Version, alice, "wrong person"))).Error);
        var unmapAlice = (await Mapping(101))!;
        Assert.True((await With((m, _) => m.UnmapAsync(admin, unmapAlice.Id, unmapAlice.Version))).Succeeded);
        var remapped = await With((m, _) => m.RemapAsync(admin, mapping.Id, mapping.Version, alice, "Dan left the team"));
        Assert.True(remapped.Succeeded, remapped.Error);
        var current = (await Mapping(104))!;
        Assert.Equal(alice, current.StaffId);
        Assert.NotEqual(mapping.Version, current.Version);
        Assert.True((await With((m, _) => m.UnmapAsync(admin, current.Id, current.Version))).Succeeded);
        Assert.Null(await Mapping(104));

        var audit = await With((_, db) => db.AuditEntries.Where(a => a.EntityType == StaffMappings.AuditEntityType && a.EntityId == "104").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["mapping.map", "mapping.remap", "mapping.unmap"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("ada@test.local", a.UserName));
        Assert.Null(audit[0].Before);
        Assert.Equal("Dan Dyer", Json(audit[0].After).GetProperty("Staff").GetString());
        Assert.Equal("Dan Dyer", Json(audit[1].Before).GetProperty("Staff").GetString());
        Assert.Equal("Alice Archer", Json(audit[1].After).GetProperty("mapping").GetProperty("Staff").GetString());
        Assert.Equal("Dan left the team", Json(audit[1].After).GetProperty("reason").GetString());
        Assert.Equal("Alice Archer", Json(audit[2].Before).GetProperty("Staff").GetString());
        Assert.Null(audit[2].After);
    }

    [Fact]
    public async Task Two_admins_editing_one_mapping_the_second_is_told_who_changed_it_and_nothing_is_overwritten()
    {
        await SeedHealthSetAsync(factory.Services);
        var (dan, loaded) = (await StaffId("dan@x.test"), (await Mapping(101))!);

        // Both admins loaded the page showing the same Version.
        var first = await With((m, _) => m.RemapAsync(Admin("first@test.local"), loaded.Id, loaded.Version, dan, "covering for Alice"));
        var second = await With((m, _) => m.UnmapAsync(Admin("second@test.local"), loaded.Id, loaded.Version));

        Assert.True(first.Succeeded, first.Error);
        Assert.False(second.Succeeded);
        Assert.Matches(@"^This mapping was changed by first@test\.local at \d\d:\d\d — reload", second.Error);
        var now = (await Mapping(101))!;
        Assert.Equal(dan, now.StaffId);
        Assert.Equal(0, await With((_, db) => db.AuditEntries.CountAsync(a => a.UserName == "second@test.local")));
    }

    [Fact]
    public async Task Mapping_a_host_someone_just_mapped_is_refused_with_a_clear_message()
    {
        await SeedHealthSetAsync(factory.Services);
        var (host, dan) = (await HostId(104), await StaffId("dan@x.test"));
        await SeedAsync(factory.Services, db => db.Staff.Add(NewStaff("Zoe Zed", "zoe@x.test")));
        var zoe = await StaffId("zoe@x.test");

        Assert.True((await With((m, _) => m.MapAsync(Admin("first@test.local"), host, dan))).Succeeded);
        var second = await With((m, _) => m.MapAsync(Admin("second@test.local"), host, zoe));

        Assert.Matches(@"already mapped to Dan Dyer \(first@test\.local at \d\d:\d\d\)\. Reload", second.Error);
        Assert.Equal(dan, (await Mapping(104))!.StaffId);
    }

    [Fact]
    public async Task Auto_match_previews_then_maps_by_normalized_email_skipping_conflicts_and_leaving_manual_mappings_alone()
    {
        await SeedAsync(factory.Services, db =>
        {
            var other = NewStaff("Olga Other", "other@x.test");
            db.Staff.AddRange(NewStaff("Amy Adams", "amy@x.test"), NewStaff("Ben Brown", "Ben@X.test"), NewStaff("Dee Dup", "dup@x.test"),
                NewStaff("Manny Manual", "manual@x.test"), NewStaff("Ina Inactive", "ina@x.test", active: false), other);
            db.Hosts.AddRange(NewHost(201, "Amy Adams", "amy@x.test"), NewHost(202, "Ben Brown", "  ben@x.TEST "),
                NewHost(203, "Dup One", "dup@x.test"), NewHost(204, "Dup Two", "DUP@x.test"),
                NewHost(205, "Manual Host", "manual@x.test"), NewHost(206, "Ina Host", "ina@x.test"), NewHost(207, "Nobody", "nobody@x.test"));
            db.StaffMappings.Add(NewMapping(other, 205));
        });
        var manualBefore = (await Mapping(205))!;

        var preview = await With((m, _) => m.PreviewAutoMatchAsync(Admin()));

        Assert.Equal([("Amy Adams", "Amy Adams"), ("Ben Brown", "Ben Brown")], preview.Proposed.Select(p => (p.Host, p.Staff)).Order());
        var reasons = preview.Skipped.ToDictionary(s => s.Host, s => s.Reason);
        Assert.StartsWith("Conflict: 2 active Cal.com hosts share this email", reasons["Dup One"]);
        Assert.StartsWith("Conflict", reasons["Dup Two"]);
        Assert.Contains("never changes an existing mapping", reasons["Manual Host"]);
        Assert.Contains("inactive", reasons["Ina Host"]);
        Assert.Equal("No staff member has this email.", reasons["Nobody"]);
        Assert.Null(await Mapping(201)); // a preview saves nothing

        var applied = await With((m, _) => m.ApplyAutoMatchAsync(Admin(), preview.Proposed));

        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(("Amy Adams", MappingMethod.AutoByEmail), ((await Mapping(201))!.Staff.Name, (await Mapping(201))!.Method));
        Assert.Equal("Ben Brown", (await Mapping(202))!.Staff.Name);
        Assert.Null(await Mapping(203));
        Assert.Null(await Mapping(204));
        var manualAfter = (await Mapping(205))!;
        Assert.Equal((manualBefore.StaffId, manualBefore.Version, MappingMethod.Manual), (manualAfter.StaffId, manualAfter.Version, manualAfter.Method));
        Assert.Equal(2, await With((_, db) => db.AuditEntries.CountAsync(a => a.Action == "mapping.auto")));

        // Applying the same preview again maps nothing twice.
        Assert.False((await With((m, _) => m.ApplyAutoMatchAsync(Admin(), preview.Proposed))).Succeeded);
    }

    private static JsonElement Json(string? json) => JsonDocument.Parse(json!).RootElement;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
