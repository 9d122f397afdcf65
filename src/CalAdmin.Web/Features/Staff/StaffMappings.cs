using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Staff;

public sealed record AutoMatchPair(int HostId, int StaffId, string Host, string Email, string Staff);

public sealed record AutoMatchSkip(int HostId, string Host, string? Email, string Reason);

public sealed record AutoMatchPreview(IReadOnlyList<AutoMatchPair> Proposed, IReadOnlyList<AutoMatchSkip> Skipped);

/// <summary>
/// The commands that link Cal.com hosts to staff: map, unmap, remap (with a reason), confirm a webhook-created mapping,
/// and auto-match by email. Each checks the actor is an admin, writes an audit row (before → after as JSON) keyed by the
/// Cal.com user id, and uses the mapping's <see cref="StaffMapping.Version"/>: an edit based on a stale copy is refused
/// with who changed it and when, never applied over the other admin's change.
/// </summary>
public sealed class StaffMappings(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IOptions<CalAdminOptions> options, IMappingChangeNotifier notifier)
{
    public const string AuditEntityType = "StaffMapping";

    public async Task<CommandResult> MapAsync(ClaimsPrincipal actor, int hostId, int staffId, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var host = await db.Hosts.SingleOrDefaultAsync(h => h.Id == hostId, ct);
        if (host is null) return CommandResult.Fail("That Cal.com host no longer exists. Reload.");
        if (!host.Active) return CommandResult.Fail($"{host.DisplayName} is inactive at Cal.com; only active hosts can be mapped.");
        var externalId = host.CalComUserId.ToString();
        if (await CurrentMappingAsync(db, externalId, ct) is { } existing)
            return CommandResult.Fail($"{host.DisplayName} is already mapped to {existing.Staff.Name} ({Changed(existing)}). Reload.");
        if (await StaffProblemAsync(db, staffId, ct) is { } problem) return CommandResult.Fail(problem);

        var mapping = new StaffMapping
        {
            StaffId = staffId, ExternalId = externalId, ExternalUsername = host.Username, Method = MappingMethod.Manual,
            CreatedBy = Who(actor), CreatedAt = Now, UpdatedBy = Who(actor), UpdatedAt = Now,
        };
        db.StaffMappings.Add(mapping);
        host.NeedsReview = false;
        var staff = await db.Staff.SingleAsync(s => s.Id == staffId, ct);
        db.AuditEntries.Add(Entry(actor, "mapping.map", externalId, null, Snapshot(mapping, staff, host)));
        return await SaveAsync(db, externalId, $"{host.DisplayName} is now mapped to {staff.Name}.", ct);
    }

    public async Task<CommandResult> UnmapAsync(ClaimsPrincipal actor, int mappingId, Guid version, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (mapping, stale) = await LoadForEditAsync(db, mappingId, version, ct);
        if (stale is not null) return CommandResult.Fail(stale);
        var host = await HostOfAsync(db, mapping!.ExternalId, ct);
        db.AuditEntries.Add(Entry(actor, "mapping.unmap", mapping.ExternalId, Snapshot(mapping, mapping.Staff, host), null));
        db.StaffMappings.Remove(mapping);
        return await SaveAsync(db, mapping.ExternalId, $"{host?.DisplayName ?? mapping.ExternalUsername} is no longer mapped to {mapping.Staff.Name}.", ct);
    }

    public async Task<CommandResult> RemapAsync(ClaimsPrincipal actor, int mappingId, Guid version, int staffId, string reason, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        if (string.IsNullOrWhiteSpace(reason)) return CommandResult.Fail("Say why the host is remapped: the reason is kept in the audit log.");
        if (reason.Trim().Length > 500) return CommandResult.Fail("Keep the reason under 500 characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (mapping, stale) = await LoadForEditAsync(db, mappingId, version, ct);
        if (stale is not null) return CommandResult.Fail(stale);
        if (mapping!.StaffId == staffId) return CommandResult.Fail($"The host is already mapped to {mapping.Staff.Name}.");
        if (await StaffProblemAsync(db, staffId, ct) is { } problem) return CommandResult.Fail(problem);

        var host = await HostOfAsync(db, mapping.ExternalId, ct);
        var before = Snapshot(mapping, mapping.Staff, host);
        var staff = await db.Staff.SingleAsync(s => s.Id == staffId, ct);
        mapping.StaffId = staffId;
        mapping.Staff = staff;
        Touch(actor, mapping, MappingMethod.Manual);
        db.AuditEntries.Add(Entry(actor, "mapping.remap", mapping.ExternalId, before, new { mapping = Snapshot(mapping, staff, host), reason = reason.Trim() }));
        return await SaveAsync(db, mapping.ExternalId, $"{host?.DisplayName ?? mapping.ExternalUsername} is now mapped to {staff.Name}.", ct);
    }

    /// <summary>An admin accepts a mapping a webhook created (or a host a webhook introduced): it becomes manual.</summary>
    public async Task<CommandResult> ConfirmAsync(ClaimsPrincipal actor, int mappingId, Guid version, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (mapping, stale) = await LoadForEditAsync(db, mappingId, version, ct);
        if (stale is not null) return CommandResult.Fail(stale);
        var host = await HostOfAsync(db, mapping!.ExternalId, ct);
        var before = Snapshot(mapping, mapping.Staff, host);
        Touch(actor, mapping, MappingMethod.Manual);
        if (host is not null) host.NeedsReview = false;
        db.AuditEntries.Add(Entry(actor, "mapping.confirm", mapping.ExternalId, before, Snapshot(mapping, mapping.Staff, host)));
        return await SaveAsync(db, mapping.ExternalId, $"Mapping of {host?.DisplayName ?? mapping.ExternalUsername} confirmed.", ct);
    }

    public async Task<AutoMatchPreview> PreviewAutoMatchAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PlanAutoMatchAsync(db, ct);
    }

    /// <summary>Applies the accepted pairs that the data still supports, all in one save; a pair the data no longer supports is left out and counted.</summary>
    public async Task<CommandResult> ApplyAutoMatchAsync(ClaimsPrincipal actor, IReadOnlyCollection<AutoMatchPair> accepted, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fresh = await PlanAutoMatchAsync(db, ct);
        var wanted = accepted.Select(p => (p.HostId, p.StaffId)).ToHashSet();
        var pairs = fresh.Proposed.Where(p => wanted.Contains((p.HostId, p.StaffId))).ToList();
        if (pairs.Count == 0) return CommandResult.Fail("Nothing to map: the proposals no longer match the data. Preview again.");

        var hosts = await db.Hosts.Where(h => pairs.Select(p => p.HostId).Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
        var staff = await db.Staff.Where(s => pairs.Select(p => p.StaffId).Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var pair in pairs)
        {
            var host = hosts[pair.HostId];
            var mapping = new StaffMapping
            {
                StaffId = pair.StaffId, ExternalId = host.CalComUserId.ToString(), ExternalUsername = host.Username, Method = MappingMethod.AutoByEmail,
                CreatedBy = Who(actor), CreatedAt = Now, UpdatedBy = Who(actor), UpdatedAt = Now,
            };
            db.StaffMappings.Add(mapping);
            db.AuditEntries.Add(Entry(actor, "mapping.auto", mapping.ExternalId, null, Snapshot(mapping, staff[pair.StaffId], host)));
        }
        var left = wanted.Count - pairs.Count;
        return await SaveAsync(db, null, $"Mapped {pairs.Count} host{(pairs.Count == 1 ? "" : "s")} by email." +
            (left > 0 ? $" {left} proposal{(left == 1 ? " was" : "s were")} left out because the data changed since the preview." : ""), ct);
    }

    private static async Task<AutoMatchPreview> PlanAutoMatchAsync(AppDbContext db, CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking().Where(h => h.Active)
            .Select(h => new { h.Id, h.CalComUserId, h.Name, h.Username, h.Email, h.NormalizedEmail }).ToListAsync(ct);
        var mappings = await db.StaffMappings.AsNoTracking().Where(m => m.ExternalSystem == StaffMapping.CalComSystem)
            .Select(m => new { m.ExternalId, m.StaffId, m.Method, StaffName = m.Staff.Name }).ToListAsync(ct);
        var staff = await db.Staff.AsNoTracking().Select(s => new { s.Id, s.Name, s.NormalizedEmail, s.Active }).ToListAsync(ct);

        var mappingByUser = mappings.ToDictionary(m => m.ExternalId);
        var mappingByStaff = mappings.ToDictionary(m => m.StaffId);
        var staffByEmail = staff.ToDictionary(s => s.NormalizedEmail);
        var hostsPerEmail = hosts.Where(h => !string.IsNullOrEmpty(h.NormalizedEmail)).GroupBy(h => h.NormalizedEmail!).ToDictionary(g => g.Key, g => g.Count());
        var proposed = new List<AutoMatchPair>();
        var skipped = new List<AutoMatchSkip>();
        var claimed = new HashSet<int>();

        foreach (var h in hosts.OrderBy(h => h.Name ?? h.Username))
        {
            var label = h.Name ?? h.Username ?? $"Cal.com user {h.CalComUserId}";
            var match = h.NormalizedEmail is null ? null : staffByEmail.GetValueOrDefault(h.NormalizedEmail);
            AutoMatchSkip Skip(string reason) => new(h.Id, label, h.Email, reason);

            if (mappingByUser.TryGetValue(h.CalComUserId.ToString(), out var existing))
            {
                // Only worth mentioning when the email points elsewhere; a mapping is never changed by auto-match.
                if (match is not null && match.Id != existing.StaffId)
                    skipped.Add(Skip($"Already mapped ({existing.Method}) to {existing.StaffName}; auto-match never changes an existing mapping."));
                continue;
            }
            if (string.IsNullOrEmpty(h.NormalizedEmail)) skipped.Add(Skip("Cal.com has no email for this host."));
            else if (hostsPerEmail[h.NormalizedEmail] > 1) skipped.Add(Skip($"Conflict: {hostsPerEmail[h.NormalizedEmail]} active Cal.com hosts share this email; map by hand."));
            else if (match is null) skipped.Add(Skip("No staff member has this email."));
            else if (!match.Active) skipped.Add(Skip($"{match.Name} has this email but is inactive."));
            else if (mappingByStaff.TryGetValue(match.Id, out var other)) skipped.Add(Skip($"{match.Name} is already mapped to Cal.com user {other.ExternalId}."));
            else if (!claimed.Add(match.Id)) skipped.Add(Skip($"{match.Name} is proposed for another host already."));
            else proposed.Add(new AutoMatchPair(h.Id, match.Id, label, h.Email!, match.Name));
        }
        return new AutoMatchPreview(proposed, skipped);
    }

    /// <summary>The tracked mapping if it still is the version the admin saw; otherwise the message saying who changed it.</summary>
    private async Task<(StaffMapping? Mapping, string? Stale)> LoadForEditAsync(AppDbContext db, int mappingId, Guid version, CancellationToken ct)
    {
        var mapping = await db.StaffMappings.Include(m => m.Staff).SingleOrDefaultAsync(m => m.Id == mappingId, ct);
        if (mapping is null) return (null, await RemovedMessageAsync(db, mappingId, ct));
        if (mapping.Version != version) return (null, $"This mapping was changed by {Changed(mapping)} — reload to see the change.");
        return (mapping, null);
    }

    private async Task<string> RemovedMessageAsync(AppDbContext db, int mappingId, CancellationToken ct)
    {
        var idText = mappingId.ToString();
        var unmap = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == AuditEntityType && a.Action == "mapping.unmap" && a.Before!.Contains($"\"MappingId\":{idText},"))
            .OrderByDescending(a => a.At).Select(a => new { a.UserName, a.At }).FirstOrDefaultAsync(ct);
        return unmap is null ? "This mapping was removed by someone else — reload."
            : $"This mapping was removed by {unmap.UserName} at {Clock(unmap.At)} — reload.";
    }

    private async Task<CommandResult> SaveAsync(AppDbContext db, string? externalId, string success, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another admin saved between our read and our write.
            db.ChangeTracker.Clear();
            var now = externalId is null ? null : await CurrentMappingAsync(db, externalId, ct);
            return CommandResult.Fail(now is null ? "This mapping was removed by someone else a moment ago — reload."
                : $"This mapping was changed by {Changed(now)} — reload to see the change.");
        }
        catch (DbUpdateException)
        {
            // A unique index (one mapping per Cal.com user, one Cal.com user per staff member) lost a race.
            return CommandResult.Fail("Someone else mapped this host or staff member a moment ago, so nothing was saved — reload and check the mapping.");
        }
        await notifier.MappingsChangedAsync();
        return CommandResult.Ok(success);
    }

    private static Task<StaffMapping?> CurrentMappingAsync(AppDbContext db, string externalId, CancellationToken ct) =>
        db.StaffMappings.AsNoTracking().Include(m => m.Staff)
            .SingleOrDefaultAsync(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == externalId, ct);

    private static Task<Host?> HostOfAsync(AppDbContext db, string externalId, CancellationToken ct) =>
        int.TryParse(externalId, out var userId) ? db.Hosts.SingleOrDefaultAsync(h => h.CalComUserId == userId, ct) : Task.FromResult<Host?>(null);

    private static async Task<string?> StaffProblemAsync(AppDbContext db, int staffId, CancellationToken ct)
    {
        var staff = await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == staffId, ct);
        if (staff is null) return "That staff member no longer exists. Reload.";
        if (!staff.Active) return $"{staff.Name} is inactive; reactivate them on the Staff page first.";
        var taken = await db.StaffMappings.AsNoTracking().Where(m => m.StaffId == staffId && m.ExternalSystem == StaffMapping.CalComSystem)
            .Select(m => m.ExternalUsername ?? m.ExternalId).FirstOrDefaultAsync(ct);
        return taken is null ? null : $"{staff.Name} is already mapped to Cal.com user {taken}; unmap that first.";
    }

    private void Touch(ClaimsPrincipal actor, StaffMapping mapping, MappingMethod method)
    {
        mapping.Method = method;
        mapping.UpdatedBy = Who(actor);
        mapping.UpdatedAt = Now;
        // The old Version stays the original value, so EF's UPDATE only matches the row the admin saw.
        mapping.Version = Guid.NewGuid();
    }

    private static object Snapshot(StaffMapping m, StaffMember staff, Host? host) => new
    {
        MappingId = m.Id == 0 ? (int?)null : m.Id, CalComUserId = m.ExternalId, Host = host?.DisplayName, HostEmail = host?.Email,
        StaffId = staff.Id, Staff = staff.Name, StaffEmail = staff.Email, Method = m.Method.ToString(),
    };

    private Audit.AuditEntry Entry(ClaimsPrincipal actor, string action, string externalId, object? before, object? after) =>
        Audit.Audit.Entry(actor, action, AuditEntityType, externalId, before, after, Now);

    private string Changed(StaffMapping m) => $"{m.UpdatedBy ?? m.CreatedBy ?? "someone"} at {Clock(m.UpdatedAt)}";

    private string Clock(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, options.Value.TimeZoneInfo).ToString("HH:mm");

    private static string Who(ClaimsPrincipal actor) => actor.Identity?.Name ?? "system";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
