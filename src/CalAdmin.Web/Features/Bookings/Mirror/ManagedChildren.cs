using CalAdmin.Web.Data;
using CalAdmin.Web.Features.EventTypes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>A managed event type as its children's bookings are matched against it.</summary>
public sealed record ManagedParent(int Id, string? Title, string? Slug, IReadOnlyList<int> Owners);

/// <summary>
/// The one rule that files a managed event type's child under its parent. Cal.com never lists a managed event type's
/// children, so a child is recognised by what its bookings carry: the name it kept from its parent (its slug, which
/// decides, else its title when only one parent has it), with the organizer among the parent's hosts (a managed event
/// type's hosts are its children's owners). The link is kept for the bookings that follow.
/// </summary>
public static class ManagedChildren
{
    public static Task<List<ManagedParent>> ParentsAsync(AppDbContext db, CancellationToken ct) =>
        db.EventTypes.AsNoTracking().Where(t => t.SchedulingType == SchedulingType.Managed)
            .Select(t => new ManagedParent(t.Id, t.Title, t.Slug, t.Hosts.Select(h => h.Host.CalComUserId).ToList()))
            .ToListAsync(ct);

    /// <summary>The parent's local id; null unless exactly one parent matches.</summary>
    public static int? ParentOf(IReadOnlyList<ManagedParent> parents, string? slug, string? title, int organizerUserId)
    {
        var owned = parents.Where(p => p.Owners.Contains(organizerUserId)).ToList();
        if (slug is { Length: > 0 } && owned.Where(p => p.Slug == slug).ToList() is [var bySlug]) return bySlug.Id;
        if (title is { Length: > 0 } && owned.Where(p => p.Title == title).ToList() is [var byTitle]) return byTitle.Id;
        return null;
    }

    /// <summary>
    /// Files the bookings that came before the mirror knew their managed event type (a webhook before the first sync);
    /// a booking keeps only one name of its event type (its title, else its slug), matched as either.
    /// </summary>
    public static async Task<int> FileUnderParentsAsync(AppDbContext db, CancellationToken ct)
    {
        var parents = await ParentsAsync(db, ct);
        if (parents.Count == 0) return 0;
        var unfiled = await db.Bookings.AsNoTracking()
            .Where(b => b.EventTypeId == null && b.CalComEventTypeId != null && b.CalComEventTypeTitle != null)
            .Select(b => new
            {
                ChildId = b.CalComEventTypeId!.Value, Name = b.CalComEventTypeTitle!,
                Organizer = b.Hosts.OrderBy(h => h.Order).Select(h => (int?)h.Host.CalComUserId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var known = await db.ManagedChildEventTypes.AsNoTracking().Select(c => c.CalComId).ToListAsync(ct);

        foreach (var child in unfiled.Where(b => b.Organizer is not null).DistinctBy(b => b.ChildId))
        {
            if (ParentOf(parents, child.Name, child.Name, child.Organizer!.Value) is not { } parentId) continue;
            if (!known.Contains(child.ChildId))
                db.ManagedChildEventTypes.Add(new ManagedChildEventType { CalComId = child.ChildId, EventTypeId = parentId, OwnerCalComUserId = child.Organizer });
            // Tracked, not a bulk update: the save keeps the insights facts of these bookings in step (AppDbContext).
            foreach (var booking in await db.Bookings.Where(b => b.EventTypeId == null && b.CalComEventTypeId == child.ChildId).ToListAsync(ct))
                booking.EventTypeId = parentId;
        }
        return await db.SaveChangesAsync(ct);
    }
}
