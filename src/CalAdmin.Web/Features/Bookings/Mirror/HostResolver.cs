using CalAdmin.Web.Data;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// Finds the <see cref="Host"/> rows a booking state names: by Cal.com user id, else by email. A host no sync has seen
/// yet is created and flagged for review (the lazy fallback between nightly syncs), and mapped to the staff member
/// with the same email where neither side is mapped yet. Existing mappings are never touched.
/// </summary>
public sealed class HostResolver(AppDbContext db, DateTime now)
{
    private readonly Dictionary<int, Host> byId = [];
    private readonly Dictionary<string, Host> byEmail = [];
    private readonly Dictionary<int, int?> eventTypeIds = [];
    private List<ManagedParent>? managedParents;

    /// <summary>How many hosts this resolver created; one resolver serves a whole unit of work.</summary>
    public int CreatedCount { get; private set; }

    /// <summary>
    /// The local id of Cal.com event type <paramref name="calComId"/>, if it is mirrored; for the child of a managed event
    /// type, its parent's (<see cref="ManagedChildren"/>, looked up once per resolver). The link is then kept.
    /// </summary>
    public async Task<int?> EventTypeIdAsync(int calComId, string? slug, string? title, int? organizerUserId, CancellationToken ct)
    {
        if (eventTypeIds.TryGetValue(calComId, out var id)) return id;
        id = await db.EventTypes.Where(t => t.CalComId == calComId).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct)
            ?? await db.ManagedChildEventTypes.Where(c => c.CalComId == calComId).Select(c => (int?)c.EventTypeId).FirstOrDefaultAsync(ct)
            ?? db.ManagedChildEventTypes.Local.Where(c => c.CalComId == calComId).Select(c => (int?)c.EventTypeId).FirstOrDefault()
            ?? await LinkManagedChildAsync(calComId, slug, title, organizerUserId, ct);
        eventTypeIds[calComId] = id;
        return id;
    }

    private async Task<int?> LinkManagedChildAsync(int calComId, string? slug, string? title, int? organizerUserId, CancellationToken ct)
    {
        if (organizerUserId is not { } owner) return null;
        managedParents ??= await ManagedChildren.ParentsAsync(db, ct);
        var parentId = ManagedChildren.ParentOf(managedParents, slug, title, owner);
        if (parentId is { } parent)
            db.ManagedChildEventTypes.Add(new ManagedChildEventType { CalComId = calComId, EventTypeId = parent, OwnerCalComUserId = owner });
        return parentId;
    }

    public async Task<Host?> ResolveAsync(HostRef? reference, CancellationToken ct)
    {
        if (reference is null) return null;
        var email = reference.Email is { Length: > 0 } e ? StaffMember.NormalizeEmail(e) : null;

        if (reference.Id is { } id && byId.TryGetValue(id, out var cached)) return cached;
        if (reference.Id is null && email is not null && byEmail.TryGetValue(email, out cached)) return cached;

        var host = reference.Id is { } calComId
            ? await db.Hosts.FirstOrDefaultAsync(h => h.CalComUserId == calComId, ct)
            : null;
        host ??= email is null ? null : await db.Hosts.FirstOrDefaultAsync(h => h.NormalizedEmail == email, ct);

        if (host is null)
        {
            // A Cal.com user must have an id to be a host row; a team member named only by email stays unresolved.
            if (reference.Id is null) return null;
            host = new Host
            {
                CalComUserId = reference.Id.Value,
                Name = reference.Name,
                Email = reference.Email,
                NormalizedEmail = email,
                Username = reference.Username,
                TimeZone = reference.TimeZone,
                Active = true,
                NeedsReview = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Hosts.Add(host);
            CreatedCount++;
            await MapByEmailAsync(host, ct);
        }
        else
        {
            // The sync owns host details; a delivery only fills what is still unknown.
            host.Name ??= reference.Name;
            host.Username ??= reference.Username;
            host.TimeZone ??= reference.TimeZone;
            if (host.Email is null && email is not null) { host.Email = reference.Email; host.NormalizedEmail = email; }
        }

        byId[host.CalComUserId] = host;
        if (host.NormalizedEmail is not null) byEmail[host.NormalizedEmail] = host;
        return host;
    }

    private async Task MapByEmailAsync(Host host, CancellationToken ct)
    {
        if (host.NormalizedEmail is null) return;
        var externalId = host.CalComUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.NormalizedEmail == host.NormalizedEmail && s.Active, ct);
        if (staff is null) return;
        var taken = await db.StaffMappings.AnyAsync(m => m.ExternalSystem == StaffMapping.CalComSystem
            && (m.ExternalId == externalId || m.StaffId == staff.Id), ct);
        if (taken || db.StaffMappings.Local.Any(m => m.StaffId == staff.Id || m.ExternalId == externalId)) return;

        db.StaffMappings.Add(new StaffMapping
        {
            StaffId = staff.Id,
            ExternalId = externalId,
            ExternalUsername = host.Username,
            Method = MappingMethod.CreatedFromWebhook,
            CreatedBy = "Cal.com webhook",
            CreatedAt = now,
            UpdatedBy = "Cal.com webhook",
            UpdatedAt = now,
        });
    }
}
