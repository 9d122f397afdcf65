using System.Globalization;
using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Sync;

public sealed record SyncChanges(int Added, int Updated, int Deactivated, int AutoMapped, int Conflicts, int EventTypesChanged, int RowsWritten);

/// <summary>
/// Applies a <see cref="Roster"/> to the mirror inside the caller's transaction: hosts added, updated or made inactive
/// (never deleted), event types and their hosts brought in line, new hosts mapped to staff by email, and anything that
/// would need a guess recorded as a <see cref="SyncConflict"/>. Only real differences are written, so an unchanged
/// team writes nothing. Existing mappings are never changed.
/// </summary>
internal sealed class SyncApplier(AppDbContext db, SyncOptions options, DateTime now, int runId, Action<int> onProcessed)
{
    public const string Actor = "Cal.com sync";

    private Dictionary<int, Host> hostByUser = [];
    private Dictionary<string, StaffMapping> mappingByUser = [];
    private Dictionary<int, StaffMapping> mappingByStaff = [];
    private Dictionary<string, StaffMember> staffByEmail = [];
    private Dictionary<int, StaffMember> staffById = [];
    private Dictionary<int, Host> hostById = [];

    public async Task<SyncChanges> ApplyAsync(Roster roster, CancellationToken ct)
    {
        var hosts = await db.Hosts.ToListAsync(ct);
        hostByUser = hosts.ToDictionary(h => h.CalComUserId);
        hostById = hosts.ToDictionary(h => h.Id);
        var mappings = await db.StaffMappings.Where(m => m.ExternalSystem == StaffMapping.CalComSystem).ToListAsync(ct);
        mappingByUser = mappings.ToDictionary(m => m.ExternalId);
        mappingByStaff = mappings.GroupBy(m => m.StaffId).ToDictionary(g => g.Key, g => g.First());
        var staff = await db.Staff.ToListAsync(ct);
        staffByEmail = staff.ToDictionary(s => s.NormalizedEmail);
        staffById = staff.ToDictionary(s => s.Id);

        var (added, updated, newHosts, emailChanges) = ApplyMembers(roster.Members);
        var deactivated = 0;
        var seen = roster.Members.Select(m => m.UserId).ToHashSet();
        foreach (var host in hosts.Where(h => h.Active && !seen.Contains(h.CalComUserId)))
        {
            // Left the team: kept (old bookings still name them), shown as inactive.
            host.Active = false;
            host.UpdatedAt = now;
            deactivated++;
        }

        var shared = hostByUser.Values.Where(h => h.Active && h.NormalizedEmail is not null)
            .GroupBy(h => h.NormalizedEmail!).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Select(h => h.CalComUserId).Order().ToList());
        var autoMapped = MapNewHosts(newHosts, shared);
        var conflicts = await ReconcileConflictsAsync(shared, emailChanges, ct);
        var eventTypesChanged = await ApplyEventTypesAsync(roster.EventTypes, ct);

        var written = await db.SaveChangesAsync(ct);
        written += await ManagedChildren.FileUnderParentsAsync(db, ct);
        return new SyncChanges(added, updated, deactivated, autoMapped, conflicts, eventTypesChanged, written);
    }

    private (int Added, int Updated, List<Host> NewHosts, List<(Host Host, string OldEmail)> EmailChanges) ApplyMembers(IReadOnlyList<TeamMember> members)
    {
        int added = 0, updated = 0, processed = 0;
        var newHosts = new List<Host>();
        var emailChanges = new List<(Host, string)>();
        foreach (var m in members)
        {
            var email = Normalize(m.Email);
            if (!hostByUser.TryGetValue(m.UserId, out var host))
            {
                host = new Host
                {
                    CalComUserId = m.UserId, Username = m.Username, Name = m.Name, Email = m.Email?.Trim(), NormalizedEmail = email,
                    TimeZone = m.TimeZone, TeamRole = m.Role, AvatarUrl = m.AvatarUrl, Active = m.Accepted,
                    CreatedAt = now, UpdatedAt = now, LastSeenBySyncAt = now,
                };
                db.Hosts.Add(host);
                hostByUser[m.UserId] = host;
                newHosts.Add(host);
                added++;
            }
            else
            {
                var oldEmail = host.NormalizedEmail;
                var changed = false;
                // Cal.com is the source of these fields; a value it does not send (null) keeps what is known.
                if (m.Username is not null && host.Username != m.Username) { host.Username = m.Username; changed = true; }
                if (m.Name is not null && host.Name != m.Name) { host.Name = m.Name; changed = true; }
                if (email is not null && host.NormalizedEmail != email) { host.Email = m.Email!.Trim(); host.NormalizedEmail = email; changed = true; }
                else if (email is not null && host.Email != m.Email!.Trim()) { host.Email = m.Email.Trim(); changed = true; }
                if (m.TimeZone is not null && host.TimeZone != m.TimeZone) { host.TimeZone = m.TimeZone; changed = true; }
                if (m.Role is not null && host.TeamRole != m.Role) { host.TeamRole = m.Role; changed = true; }
                if (host.AvatarUrl != m.AvatarUrl) { host.AvatarUrl = m.AvatarUrl; changed = true; }
                if (host.Active != m.Accepted) { host.Active = m.Accepted; changed = true; }
                if (changed)
                {
                    host.UpdatedAt = now;
                    host.LastSeenBySyncAt = now;
                    updated++;
                }
                if (oldEmail is not null && email is not null && oldEmail != email) emailChanges.Add((host, oldEmail));
            }
            if (++processed % 250 == 0) onProcessed(processed);
        }
        onProcessed(processed);
        return (added, updated, newHosts, emailChanges);
    }

    /// <summary>New active hosts get the staff member of their email (created when allowed); anything ambiguous is left alone.</summary>
    private int MapNewHosts(List<Host> newHosts, Dictionary<string, List<int>> shared)
    {
        var mapped = 0;
        foreach (var host in newHosts)
        {
            if (!host.Active || host.NormalizedEmail is not { } email || shared.ContainsKey(email)) continue;
            var userId = UserId(host);
            if (mappingByUser.ContainsKey(userId)) continue;
            if (!staffByEmail.TryGetValue(email, out var staff))
            {
                if (!options.CreateStaffForNewHosts) continue;
                staff = new StaffMember
                {
                    Name = host.Name ?? host.Username ?? host.Email!, Email = host.Email!, NormalizedEmail = email, Active = true, CreatedAt = now, UpdatedAt = now,
                };
                db.Staff.Add(staff);
                staffByEmail[email] = staff;
            }
            else if (!staff.Active || mappingByStaff.ContainsKey(staff.Id))
            {
                // Inactive staff stay unmapped; a staff member mapped elsewhere becomes a conflict below.
                continue;
            }

            var mapping = new StaffMapping
            {
                Staff = staff, ExternalId = userId, ExternalUsername = host.Username, Method = MappingMethod.AutoByEmail,
                CreatedBy = Actor, CreatedAt = now, UpdatedBy = Actor, UpdatedAt = now,
            };
            db.StaffMappings.Add(mapping);
            mappingByUser[userId] = mapping;
            if (staff.Id != 0) mappingByStaff[staff.Id] = mapping;
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, UserName = Actor, Action = "mapping.sync", EntityType = StaffMappings.AuditEntityType, EntityId = userId,
                After = JsonSerializer.Serialize(new { CalComUserId = userId, Host = host.DisplayName, HostEmail = host.Email, Staff = staff.Name, StaffEmail = staff.Email, Method = nameof(MappingMethod.AutoByEmail) }),
            });
            mapped++;
        }
        return mapped;
    }

    /// <summary>Works out which conflicts hold now; opens the new ones and resolves the gone ones. Returns how many are open.</summary>
    private async Task<int> ReconcileConflictsAsync(Dictionary<string, List<int>> shared, List<(Host Host, string OldEmail)> emailChanges, CancellationToken ct)
    {
        var open = await db.SyncConflicts.Where(c => c.ResolvedAt == null).ToListAsync(ct);
        var current = new Dictionary<string, SyncConflict>();
        void Hold(SyncConflictKind kind, string key, int? userId, int? staffId, string? email, string reason) =>
            current.TryAdd(key, new SyncConflict { Kind = kind, Key = key, CalComUserId = userId, StaffId = staffId, Email = email, Reason = reason, FirstSeenRunId = runId, FirstSeenAt = now });

        foreach (var (email, users) in shared)
            Hold(SyncConflictKind.SharedEmail, $"SharedEmail|{email}", null, null, email,
                $"Cal.com users {string.Join(", ", users)} share the email {email}; none of them is mapped by email. Map them by hand.");

        foreach (var host in hostByUser.Values.Where(h => h.Active && h.NormalizedEmail is not null && !shared.ContainsKey(h.NormalizedEmail)))
        {
            var userId = UserId(host);
            if (mappingByUser.ContainsKey(userId) || !staffByEmail.TryGetValue(host.NormalizedEmail!, out var staff) || staff.Id == 0) continue;
            if (mappingByStaff.TryGetValue(staff.Id, out var other) && other.ExternalId != userId)
                Hold(SyncConflictKind.StaffMappedElsewhere, $"StaffMappedElsewhere|{userId}|{staff.Id}", host.CalComUserId, staff.Id, host.NormalizedEmail,
                    $"{staff.Name} has the email of Cal.com user {host.DisplayName} ({userId}) but is already mapped to Cal.com user {other.ExternalUsername ?? other.ExternalId}; nothing was mapped.");
        }

        // An email change is seen once, when it happens; it stays open while the host is still mapped to a staff member of another email.
        foreach (var (host, oldEmail) in emailChanges)
            if (MappedStaff(host) is { } staff && staff.NormalizedEmail != host.NormalizedEmail)
                Hold(SyncConflictKind.EmailChanged, $"EmailChanged|{UserId(host)}|{staff.Id}", host.CalComUserId, staff.Id, host.NormalizedEmail,
                    $"Cal.com user {host.DisplayName} changed email from {oldEmail} to {host.Email}; still mapped to {staff.Name} ({staff.Email}). Check the mapping.");
        foreach (var c in open.Where(c => c.Kind == SyncConflictKind.EmailChanged && c.CalComUserId is { } u && hostByUser.TryGetValue(u, out var h)
                     && MappedStaff(h) is { } s && s.Id == c.StaffId && s.NormalizedEmail != h.NormalizedEmail))
            current.TryAdd(c.Key, c);

        var openKeys = open.Select(c => c.Key).ToHashSet();
        foreach (var c in open.Where(c => !current.ContainsKey(c.Key)))
        {
            c.ResolvedAt = now;
            c.ResolvedRunId = runId;
        }
        foreach (var c in current.Values.Where(c => !openKeys.Contains(c.Key)))
            db.SyncConflicts.Add(c);
        return current.Count;
    }

    private async Task<int> ApplyEventTypesAsync(IReadOnlyList<CalComEventType> eventTypes, CancellationToken ct)
    {
        var existing = await db.EventTypes.Include(e => e.Hosts).ToListAsync(ct);
        var byCalComId = existing.ToDictionary(e => e.CalComId);
        var changed = 0;
        // Cal.com's team list holds no managed children (they are the hosts' own event types); one that names a parent
        // is skipped all the same. Children are linked from their bookings (HostDirectory.EventTypeIdAsync).
        foreach (var wire in eventTypes.Where(e => e.ParentEventTypeId is null))
        {
            var isNew = !byCalComId.TryGetValue(wire.Id, out var eventType);
            if (isNew)
            {
                eventType = new EventType { CalComId = wire.Id, Title = "" };
                db.EventTypes.Add(eventType);
            }
            var e = eventType!;
            var dirty = isNew;
            var title = wire.Title ?? wire.Slug ?? $"Event type {wire.Id}";
            if (e.Title != title) { e.Title = title; dirty = true; }
            if (wire.Slug is not null && e.Slug != wire.Slug) { e.Slug = wire.Slug; dirty = true; }
            if (wire.LengthInMinutes is { } length && e.LengthMinutes != length) { e.LengthMinutes = length; dirty = true; }
            var kind = ParseSchedulingType(wire.SchedulingType);
            if (e.SchedulingType != kind) { e.SchedulingType = kind; dirty = true; }
            if (wire.TeamId is { } teamId && e.TeamId != teamId) { e.TeamId = teamId; dirty = true; }
            var assignAll = wire.AssignAllTeamMembers ?? false;
            if (e.AssignAllTeamMembers != assignAll) { e.AssignAllTeamMembers = assignAll; dirty = true; }
            if (e.RequiresConfirmation != wire.NeedsConfirmation) { e.RequiresConfirmation = wire.NeedsConfirmation; dirty = true; }
            dirty |= ApplyHosts(e, wire.Hosts ?? []);
            if (dirty)
            {
                e.UpdatedAt = now;
                changed++;
            }
        }
        return changed;
    }

    private bool ApplyHosts(EventType eventType, IReadOnlyList<CalComEventTypeHost> wireHosts)
    {
        var dirty = false;
        var wanted = new HashSet<Host>();
        var rows = eventType.Hosts.Where(h => h.HostId != 0).ToDictionary(h => h.HostId);
        foreach (var wire in wireHosts.DistinctBy(h => h.UserId))
        {
            // A host Cal.com lists but the team does not (yet) is skipped; the next sync or a webhook brings it.
            if (!hostByUser.TryGetValue(wire.UserId, out var host)) continue;
            wanted.Add(host);
            var row = host.Id == 0 ? null : rows.GetValueOrDefault(host.Id);
            if (row is null)
            {
                eventType.Hosts.Add(row = new EventTypeHost { EventType = eventType, Host = host });
                dirty = true;
            }
            var mandatory = wire.Mandatory ?? false;
            var priority = ParsePriority(wire.Priority);
            if (row.Mandatory != mandatory) { row.Mandatory = mandatory; dirty = true; }
            if (row.Priority != priority) { row.Priority = priority; dirty = true; }
        }
        foreach (var gone in rows.Values.Where(h => !hostById.TryGetValue(h.HostId, out var host) || !wanted.Contains(host)).ToList())
        {
            eventType.Hosts.Remove(gone);
            db.EventTypeHosts.Remove(gone);
            dirty = true;
        }
        return dirty;
    }

    private StaffMember? MappedStaff(Host host) =>
        mappingByUser.TryGetValue(UserId(host), out var mapping)
            ? mapping.Staff ?? (staffById.TryGetValue(mapping.StaffId, out var s) ? s : null)
            : null;

    /// <summary>Cal.com names round-robin priority lowest..highest (0–4) in API answers; webhooks and older answers send numbers.</summary>
    public static int? ParsePriority(string? priority) => priority?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "lowest" => 0,
        "low" => 1,
        "medium" => 2,
        "high" => 3,
        "highest" => 4,
        var text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 4) : null,
    };

    /// <summary>roundRobin/collective/managed in API answers, ROUND_ROBIN/COLLECTIVE/MANAGED in webhooks.</summary>
    public static SchedulingType ParseSchedulingType(string? kind) => kind?.Replace("_", "").ToLowerInvariant() switch
    {
        "roundrobin" => SchedulingType.RoundRobin,
        "collective" => SchedulingType.Collective,
        "managed" => SchedulingType.Managed,
        _ => SchedulingType.None,
    };

    private static string? Normalize(string? email) => string.IsNullOrWhiteSpace(email) ? null : StaffMember.NormalizeEmail(email);

    private static string UserId(Host host) => host.CalComUserId.ToString(CultureInfo.InvariantCulture);
}
