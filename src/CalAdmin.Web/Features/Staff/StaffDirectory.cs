using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Staff;

public sealed record StaffRow(int Id, string Name, string Email, string? Department, bool Active, string? CalComUsername, string? CalComUserId, DateTime UpdatedAt);

public sealed record StaffInput(string Name, string Email, string? Department);

public sealed record StaffQuery(string? Search = null, bool IncludeInactive = true, int Page = 0, int PageSize = 25);

public sealed record CommandResult(bool Succeeded, string? Error = null, string? Message = null)
{
    public static CommandResult Ok(string? message = null) => new(true, null, message);
    public static CommandResult Fail(string error) => new(false, error);
}

/// <summary>
/// The business's own staff list behind /staff. Reading needs Manager or Admin; every change needs Admin and is audited.
/// Staff are never deleted: they are deactivated, so mappings and history keep pointing at them.
/// </summary>
public sealed class StaffDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IMappingChangeNotifier notifier)
{
    public async Task<(IReadOnlyList<StaffRow> Rows, int Total)> SearchAsync(ClaimsPrincipal actor, StaffQuery query, CancellationToken ct = default)
    {
        StaffAccess.EnsureCanRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = db.Staff.AsNoTracking();
        if (!query.IncludeInactive) staff = staff.Where(s => s.Active);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            staff = staff.Where(s => s.Name.ToLower().Contains(term) || s.NormalizedEmail.Contains(term) || (s.Department != null && s.Department.ToLower().Contains(term)));
        }
        var total = await staff.CountAsync(ct);
        var rows = await staff.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(s => new
            {
                s.Id, s.Name, s.Email, s.Department, s.Active, s.UpdatedAt,
                Mapping = db.StaffMappings.Where(m => m.StaffId == s.Id && m.ExternalSystem == StaffMapping.CalComSystem)
                    .Select(m => new { m.ExternalUsername, m.ExternalId }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return (rows.Select(r => new StaffRow(r.Id, r.Name, r.Email, r.Department, r.Active, r.Mapping?.ExternalUsername, r.Mapping?.ExternalId, r.UpdatedAt)).ToList(), total);
    }

    /// <summary>Active staff for pickers (map a host to a staff member).</summary>
    public async Task<IReadOnlyList<StaffRow>> ActiveAsync(ClaimsPrincipal actor, CancellationToken ct = default) =>
        (await SearchAsync(actor, new StaffQuery(IncludeInactive: false, PageSize: 10_000), ct)).Rows;

    public async Task<CommandResult> CreateAsync(ClaimsPrincipal actor, StaffInput input, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        if (Validate(input) is { } error) return CommandResult.Fail(error);
        var normalized = StaffMember.NormalizeEmail(input.Email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Staff.AnyAsync(s => s.NormalizedEmail == normalized, ct))
            return CommandResult.Fail($"A staff member with the email {input.Email.Trim()} already exists.");

        var staff = new StaffMember
        {
            Name = input.Name.Trim(), Email = input.Email.Trim(), NormalizedEmail = normalized,
            Department = Blank(input.Department), CreatedAt = Now, UpdatedAt = Now,
        };
        // The audit row needs the new id, so the two saves share one transaction: both or neither.
        var conflict = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Staff.Add(staff);
            if (await SaveAsync(db, ct) is { } failed) return failed;
            db.AuditEntries.Add(Audit.Audit.Entry(actor, "staff.create", "Staff", staff.Id.ToString(), null, Snapshot(staff), Now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        });
        if (conflict is not null) return CommandResult.Fail(conflict);
        await notifier.MappingsChangedAsync();
        return CommandResult.Ok($"{staff.Name} added.");
    }

    public async Task<CommandResult> UpdateAsync(ClaimsPrincipal actor, int id, StaffInput input, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        if (Validate(input) is { } error) return CommandResult.Fail(error);
        var normalized = StaffMember.NormalizeEmail(input.Email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null) return CommandResult.Fail("That staff member no longer exists.");
        if (await db.Staff.AnyAsync(s => s.NormalizedEmail == normalized && s.Id != id, ct))
            return CommandResult.Fail($"Another staff member already has the email {input.Email.Trim()}.");

        var before = Snapshot(staff);
        staff.Name = input.Name.Trim();
        staff.Email = input.Email.Trim();
        staff.NormalizedEmail = normalized;
        staff.Department = Blank(input.Department);
        staff.UpdatedAt = Now;
        db.AuditEntries.Add(Audit.Audit.Entry(actor, "staff.update", "Staff", staff.Id.ToString(), before, Snapshot(staff), Now));
        if (await SaveAsync(db, ct) is { } conflict) return CommandResult.Fail(conflict);
        await notifier.MappingsChangedAsync();
        return CommandResult.Ok($"{staff.Name} saved.");
    }

    /// <summary>Deactivating keeps the staff member and any Cal.com mapping; the message says so when there is one.</summary>
    public async Task<CommandResult> SetActiveAsync(ClaimsPrincipal actor, int id, bool active, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null) return CommandResult.Fail("That staff member no longer exists.");
        if (staff.Active == active) return CommandResult.Ok();

        var mappedTo = await db.StaffMappings.Where(m => m.StaffId == id).Select(m => m.ExternalUsername ?? m.ExternalId).FirstOrDefaultAsync(ct);
        var before = Snapshot(staff);
        staff.Active = active;
        staff.UpdatedAt = Now;
        db.AuditEntries.Add(Audit.Audit.Entry(actor, active ? "staff.reactivate" : "staff.deactivate", "Staff", staff.Id.ToString(), before, Snapshot(staff), Now));
        await db.SaveChangesAsync(ct);
        await notifier.MappingsChangedAsync();
        return CommandResult.Ok(active ? $"{staff.Name} is active again."
            : mappedTo is null ? $"{staff.Name} is deactivated."
            : $"{staff.Name} is deactivated; the mapping to Cal.com user {mappedTo} stays until an admin unmaps it.");
    }

    public static string? Validate(StaffInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name)) return "A name is required.";
        if (input.Name.Trim().Length > 200) return "The name is longer than 200 characters.";
        if (ValidateEmail(input.Email) is { } emailError) return emailError;
        if (input.Department?.Trim().Length > 200) return "The department is longer than 200 characters.";
        return null;
    }

    public static string? ValidateEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "An email is required.";
        var trimmed = email.Trim();
        // MailAddress also accepts "Name <a@b>"; only a bare address is a staff email.
        if (trimmed.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
            return $"'{trimmed}' is not a valid email address.";
        return null;
    }

    internal static object Snapshot(StaffMember s) => new { s.Name, s.Email, s.Department, s.Active };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Two admins adding one email at once: the unique index decides, and the loser is told why.</summary>
    private static async Task<string?> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            return "Another staff member already has this email (someone saved it a moment ago). Reload and try again.";
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Who may read and change staff and mappings; the feature classes check this themselves.</summary>
public static class StaffAccess
{
    public static void EnsureAdmin(ClaimsPrincipal actor)
    {
        if (!actor.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only admins can change staff and mappings.");
    }

    public static void EnsureCanRead(ClaimsPrincipal actor)
    {
        if (!actor.IsInRole(Roles.Admin) && !actor.IsInRole(Roles.Manager))
            throw new UnauthorizedAccessException("Only managers and admins can see the staff list.");
    }
}
