using System.Security.Cryptography;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Users;

/// <summary>
/// Makes sure someone can sign in: the roles exist, the configured bootstrap admin exists, and on a Development
/// first start with no bootstrap settings (or wherever <c>CalAdmin:Demo=true</c>) a demo admin, manager and staff user exist.
/// </summary>
public sealed class UserBootstrap(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<CalAdminOptions> options,
    AppDbContextOptions database,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<UserBootstrap> logger)
{
    public static readonly (string Email, string Name, string Role)[] DemoUsers =
    [
        ("admin@caladmin.local", "Demo Admin", Roles.Admin),
        ("manager@caladmin.local", "Demo Manager", Roles.Manager),
        ("staff@caladmin.local", "Demo Staff", Roles.Staff),
    ];

    private static readonly string[] DemoEmails = DemoUsers.Select(d => d.Email).ToArray();

    /// <summary>Returns the demo accounts it created, with their one-time passwords (empty when none were created).</summary>
    public async Task<IReadOnlyList<(string Email, string Role, string Password)>> RunAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        var bootstrap = options.Value.Bootstrap;
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail))
        {
            if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0)
            {
                var existing = await users.FindByEmailAsync(bootstrap.AdminEmail);
                if (existing is null)
                    await CreateAsync(bootstrap.AdminEmail, "Administrator", Roles.Admin, bootstrap.AdminPassword!, "CalAdmin:Bootstrap:AdminPassword");
                else
                    Check(await users.AddToRoleAsync(existing, Roles.Admin), "make the bootstrap user an admin");
                logger.LogInformation("Created the bootstrap admin from CalAdmin:Bootstrap:AdminEmail");
            }
        }

        // Demo accounts with known names are an open door on a real server: only a Development first start on the
        // embedded database makes them by itself; anywhere else they need CalAdmin:Demo=true.
        var demo = options.Value.Demo
            ?? (environment.IsDevelopment() && database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(bootstrap.AdminEmail));
        if (!demo || await users.Users.AnyAsync(u => DemoEmails.Contains(u.Email!)))
            return [];
        // Left to itself, only the very first start makes them (deleted demo users stay deleted).
        if (options.Value.Demo is null && await users.Users.AnyAsync())
            return [];

        var created = new List<(string, string, string)>();
        foreach (var (email, name, role) in DemoUsers)
        {
            var password = GeneratePassword();
            await CreateAsync(email, name, role, password, "demo user");
            created.Add((email, role, password));
        }
        logger.LogInformation("Created {Count} demo users", created.Count);
        return created;
    }

    private async Task CreateAsync(string email, string name, string role, string password, string source)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
        Check(await users.CreateAsync(user, password), $"create user {email} ({source})");
        Check(await users.AddToRoleAsync(user, role), $"give {email} the role {role}");
    }

    /// <summary>16 characters from an unambiguous alphabet, with at least one digit, lower and upper case letter.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        const string all = lower + upper + digits;
        var chars = new char[16];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
