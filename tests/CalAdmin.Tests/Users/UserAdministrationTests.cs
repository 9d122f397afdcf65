using System.Security.Claims;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Users;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    private static ClaimsPrincipal Principal(string id, params string[] roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@test.local"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
            "Test"));

    private async Task<T> WithAdministration<T>(Func<UserAdministration, IServiceProvider, Task<T>> work)
    {
        _ = factory.Server; // starts the host: migrations, roles, bootstrap admin
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserAdministration>(), scope.ServiceProvider);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Non_admins_are_refused_by_the_command_itself(string role)
    {
        var actor = Principal("someone", role);

        await WithAdministration<bool>(async (admin, sp) =>
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => admin.CreateAsync(actor, "new@test.local", "New", "Test-Passw0rd", [Roles.Admin]));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => admin.ListAsync(actor));
            Assert.Null(await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("new@test.local"));
            return true;
        });
    }

    [Fact]
    public async Task Admin_creates_a_user_with_roles_and_the_action_is_audited()
    {
        var actor = Principal("admin-id", Roles.Admin);

        await WithAdministration<bool>(async (admin, sp) =>
        {
            var result = await admin.CreateAsync(actor, " new.person@test.local ", "New Person", "Test-Passw0rd", [Roles.Staff, Roles.Manager]);

            Assert.True(result.Succeeded, result.Error);
            var rows = await admin.ListAsync(actor);
            var row = Assert.Single(rows, r => r.Email == "new.person@test.local");
            Assert.Equal([Roles.Manager, Roles.Staff], row.Roles);
            var db = sp.GetRequiredService<AppDbContext>();
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.create");
            Assert.Equal("admin-id", audit.UserId);
            Assert.Contains("new.person@test.local", audit.After);
            return true;
        });
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_reason_and_nothing_is_created()
    {
        var actor = Principal("admin-id", Roles.Admin);

        await WithAdministration<bool>(async (admin, sp) =>
        {
            Assert.Equal("'not-an-email' is not a valid email address.", (await admin.CreateAsync(actor, "not-an-email", null, "Test-Passw0rd", [Roles.Staff])).Error);
            Assert.Contains("at least one role", (await admin.CreateAsync(actor, "a@test.local", null, "Test-Passw0rd", [])).Error);
            Assert.Contains("Passwords must be at least 10 characters", (await admin.CreateAsync(actor, "b@test.local", null, "Sh0rt", [Roles.Staff])).Error);
            Assert.Contains("already exists", (await admin.CreateAsync(actor, CalAdminFactory.AdminEmail, null, "Test-Passw0rd", [Roles.Staff])).Error);
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Null(await users.FindByEmailAsync("a@test.local"));
            Assert.Null(await users.FindByEmailAsync("b@test.local"));
            return true;
        });
    }

    [Fact]
    public async Task The_last_admin_cannot_lose_the_role_or_be_disabled()
    {
        await WithAdministration<bool>(async (admin, sp) =>
        {
            var bootstrap = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(CalAdminFactory.AdminEmail);
            var otherAdmin = Principal("other", Roles.Admin);

            Assert.Contains("last active admin", (await admin.SetRolesAsync(otherAdmin, bootstrap!.Id, [Roles.Staff])).Error);
            Assert.Contains("last active admin", (await admin.SetDisabledAsync(otherAdmin, bootstrap.Id, true)).Error);
            Assert.Contains("your own", (await admin.SetDisabledAsync(Principal(bootstrap.Id, Roles.Admin), bootstrap.Id, true)).Error);
            return true;
        });
    }

    [Fact]
    public async Task Role_change_and_disable_renew_the_security_stamp_so_open_sessions_end()
    {
        var (email, _) = await factory.CreateUserAsync(Roles.Manager);

        await WithAdministration<bool>(async (admin, sp) =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var stamp = user.SecurityStamp;

            Assert.True((await admin.SetRolesAsync(Principal("admin-id", Roles.Admin), user.Id, [Roles.Staff])).Succeeded);
            user = (await users.FindByEmailAsync(email))!;
            Assert.NotEqual(stamp, user.SecurityStamp);
            Assert.Equal([Roles.Staff], await users.GetRolesAsync(user));

            Assert.True((await admin.SetDisabledAsync(Principal("admin-id", Roles.Admin), user.Id, true)).Succeeded);
            return true;
        });

        // A disabled user cannot sign in, and hears what a wrong password hears (the form names no account's state).
        var client = factory.CreateBrowserClient();
        var response = await CalAdminFactory.SignInAsync(client, email, "Test-Passw0rd");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password", await response.Content.ReadAsStringAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
