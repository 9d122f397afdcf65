using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Users;

public sealed record UserRow(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset? LockedOutUntil);

public sealed record UserCommandResult(bool Succeeded, string? Error = null)
{
    public static readonly UserCommandResult Ok = new(true);
    public static UserCommandResult Fail(string error) => new(false, error);
}

/// <summary>
/// The user-management commands behind /admin/users. Every command checks that the acting user is an admin,
/// so the rule holds however the command is reached, not only through the page.
/// </summary>
public sealed class UserAdministration(UserManager<ApplicationUser> users, AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roleNames.ToLookup(x => x.UserId, x => x.Name!);
        var list = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return list.Select(u => new UserRow(u.Id, u.Email!, u.DisplayName, byUser[u.Id].Order().ToList(), u.Disabled,
            u.LockoutEnd > now ? u.LockoutEnd : null)).ToList();
    }

    public async Task<UserCommandResult> CreateAsync(ClaimsPrincipal actor, string email, string? displayName, string password, IReadOnlyCollection<string> roles)
    {
        EnsureAdmin(actor);
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) return UserCommandResult.Fail($"'{email}' is not a valid email address.");
        if (roles.Count == 0) return UserCommandResult.Fail("Choose at least one role.");
        if (roles.Except(Roles.All).FirstOrDefault() is { } unknown) return UserCommandResult.Fail($"Unknown role '{unknown}'.");
        if (await users.FindByEmailAsync(email) is not null) return UserCommandResult.Fail($"A user with the email {email} already exists.");

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName?.Trim(), CreatedAt = Now };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return Fail(created);
        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded) return Fail(added);
        await AuditAsync(actor, "user.create", user.Id, null, new { email, displayName, roles });
        return UserCommandResult.Ok;
    }

    public async Task<UserCommandResult> SetRolesAsync(ClaimsPrincipal actor, string userId, IReadOnlyCollection<string> roles)
    {
        EnsureAdmin(actor);
        if (roles.Except(Roles.All).FirstOrDefault() is { } unknown) return UserCommandResult.Fail($"Unknown role '{unknown}'.");
        if (roles.Count == 0) return UserCommandResult.Fail("Choose at least one role.");
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserCommandResult.Fail("That user no longer exists.");
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
        {
            if (IsSelf(actor, user)) return UserCommandResult.Fail("You cannot remove your own Admin role.");
            if (await IsLastActiveAdminAsync(user)) return UserCommandResult.Fail("This is the last active admin; make someone else an admin first.");
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        if (!removed.Succeeded) return Fail(removed);
        var added = await users.AddToRolesAsync(user, roles.Except(current));
        if (!added.Succeeded) return Fail(added);
        // A new stamp ends the old role claims at the next revalidation (at most a minute).
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, "user.roles", user.Id, new { roles = current.Order() }, new { roles = roles.Order() });
        return UserCommandResult.Ok;
    }

    public async Task<UserCommandResult> SetDisabledAsync(ClaimsPrincipal actor, string userId, bool disabled)
    {
        EnsureAdmin(actor);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserCommandResult.Fail("That user no longer exists.");
        if (disabled && IsSelf(actor, user)) return UserCommandResult.Fail("You cannot disable your own account.");
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await IsLastActiveAdminAsync(user))
            return UserCommandResult.Fail("This is the last active admin; make someone else an admin first.");
        if (user.Disabled == disabled) return UserCommandResult.Ok;

        user.Disabled = disabled;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return Fail(updated);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, disabled ? "user.disable" : "user.enable", user.Id, new { disabled = !disabled }, new { disabled });
        return UserCommandResult.Ok;
    }

    public async Task<UserCommandResult> ResetPasswordAsync(ClaimsPrincipal actor, string userId, string newPassword)
    {
        EnsureAdmin(actor);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return UserCommandResult.Fail("That user no longer exists.");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded) return Fail(reset);
        // A reset also lifts a lockout, so the person can sign in with the new password at once.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(actor, "user.reset-password", user.Id, null, null);
        return UserCommandResult.Ok;
    }

    private static void EnsureAdmin(ClaimsPrincipal actor)
    {
        if (!actor.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only admins can manage users.");
    }

    private static bool IsSelf(ClaimsPrincipal actor, ApplicationUser user) =>
        actor.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id;

    private async Task<bool> IsLastActiveAdminAsync(ApplicationUser user) =>
        !(await users.GetUsersInRoleAsync(Roles.Admin)).Any(a => a.Id != user.Id && !a.Disabled);

    private async Task AuditAsync(ClaimsPrincipal actor, string action, string userId, object? before, object? after)
    {
        db.AuditEntries.Add(Audit.Audit.Entry(actor, action, "User", userId, before, after, Now));
        await db.SaveChangesAsync();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static UserCommandResult Fail(IdentityResult result) =>
        UserCommandResult.Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
}
