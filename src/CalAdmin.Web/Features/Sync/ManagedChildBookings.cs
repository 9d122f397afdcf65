using CalAdmin.Web.Data;
using CalAdmin.Web.Features.EventTypes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Sync;

/// <summary>
/// Files bookings of a managed event type's child that came before the mirror knew the managed event type (a webhook
/// before the first sync): Cal.com names only the child, so such a booking is recognised as the webhook path does it
/// (HostDirectory.EventTypeIdAsync), by the name it kept (the child's title, which is the parent's, or its slug) and
/// its organizer being one of the parent's hosts. The child is remembered for the bookings that follow.
/// </summary>
internal static class ManagedChildBookings
{
    public static async Task<int> FileUnderParentsAsync(AppDbContext db, CancellationToken ct)
    {
        var parents = await db.EventTypes.AsNoTracking().Where(t => t.SchedulingType == SchedulingType.Managed)
            .Select(t => new { t.Id, t.Title, t.Slug, Owners = t.Hosts.Select(h => h.Host.CalComUserId).ToList() })
            .ToListAsync(ct);
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

        var written = 0;
        foreach (var child in unfiled.Where(b => b.Organizer is not null).DistinctBy(b => b.ChildId))
        {
            // Only an unambiguous parent: two managed event types may share a title, never a slug.
            var candidates = parents.Where(p => (p.Slug == child.Name || p.Title == child.Name) && p.Owners.Contains(child.Organizer!.Value)).ToList();
            if (candidates.Count != 1) continue;
            if (!known.Contains(child.ChildId))
                db.ManagedChildEventTypes.Add(new ManagedChildEventType { CalComId = child.ChildId, EventTypeId = candidates[0].Id, OwnerCalComUserId = child.Organizer });
            written += await db.Bookings.Where(b => b.EventTypeId == null && b.CalComEventTypeId == child.ChildId)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.EventTypeId, candidates[0].Id), ct);
        }
        return written + await db.SaveChangesAsync(ct);
    }
}
