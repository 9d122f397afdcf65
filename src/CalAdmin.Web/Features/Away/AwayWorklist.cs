using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>One booking of an away (or inactive) host and what the preview proposes for it.</summary>
public sealed record AwayBooking(
    string Uid, string Title, DateTime StartUtc, DateTime EndUtc, BookingStatus Status, SchedulingType Kind,
    int? EventTypeCalComId, string? Attendee, string HostName, int HostCalComUserId, AwayPlan Proposed);

/// <summary>A host that can take over (a free host of the same round-robin event type, or another host's event type to rebook on).</summary>
public sealed record AwayChoice(int CalComId, string Label);

/// <summary>
/// The reads of the away worklist: a host's live bookings in a range with the proposed plan per booking, the hosts and
/// event types a booking can move to, and the upcoming bookings still held by an inactive host or staff member.
/// </summary>
public sealed class AwayWorklist(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<AwayBooking>> BookingsOfAsync(int hostId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Query(db, db.BookingHosts.Where(h => h.HostId == hostId && h.StartUtc >= fromUtc && h.StartUtc < toUtc)
            .Select(h => h.BookingId)).ToListAsync(ct);
    }

    /// <summary>Upcoming live bookings held by a host who is inactive in Cal.com or whose staff member is inactive here.</summary>
    public async Task<IReadOnlyList<AwayBooking>> HeldByInactiveAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var inactiveStaffHosts = db.StaffMappings.Where(m => !m.Staff.Active && m.ExternalSystem == Staff.StaffMapping.CalComSystem)
            .Select(m => m.ExternalId);
        var ids = db.BookingHosts.Where(h => h.StartUtc >= now
                && (!h.Host.Active || inactiveStaffHosts.Contains(h.Host.CalComUserId.ToString())))
            .Select(h => h.BookingId);
        return await Query(db, ids).Take(take).ToListAsync(ct);
    }

    /// <summary>Other hosts of a round-robin event type (free or not: Cal.com refuses a busy one and the result says so).</summary>
    public async Task<IReadOnlyList<AwayChoice>> OtherHostsAsync(int eventTypeCalComId, int exceptCalComUserId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EventTypeHosts.Where(h => h.EventType.CalComId == eventTypeCalComId && h.Host.Active && h.Host.CalComUserId != exceptCalComUserId)
            .OrderBy(h => h.Host.Name)
            .Select(h => new AwayChoice(h.Host.CalComUserId, h.Host.Name ?? h.Host.Email ?? h.Host.Username ?? "Cal.com user"))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Event types the booking can be made again on without the away host: team event types the host does not host, and
    /// the managed event types' children of other active hosts (a managed parent itself takes no bookings in Cal.com).
    /// </summary>
    public async Task<IReadOnlyList<AwayChoice>> RebookTargetsAsync(int awayHostId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teamTypes = await db.EventTypes.Where(t => t.SchedulingType != SchedulingType.Managed && !t.AssignAllTeamMembers
                && !t.Hosts.Any(h => h.HostId == awayHostId) && t.Hosts.Any())
            .Select(t => new AwayChoice(t.CalComId, t.Title))
            .ToListAsync(ct);
        var awayUser = await db.Hosts.Where(h => h.Id == awayHostId).Select(h => (int?)h.CalComUserId).FirstOrDefaultAsync(ct);
        var children = await db.ManagedChildEventTypes
            .Where(c => c.OwnerCalComUserId != null && c.OwnerCalComUserId != awayUser)
            .Join(db.Hosts.Where(h => h.Active), c => c.OwnerCalComUserId, h => (int?)h.CalComUserId,
                (c, h) => new AwayChoice(c.CalComId, c.EventType.Title + " · " + (h.Name ?? h.Email ?? h.Username ?? "Cal.com user")))
            .ToListAsync(ct);
        return teamTypes.Concat(children).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
    }

    private static IQueryable<AwayBooking> Query(AppDbContext db, IQueryable<int> bookingIds) =>
        db.Bookings.Where(b => bookingIds.Contains(b.Id) && BookingStatusGroups.Live.Contains(b.Status))
            .OrderBy(b => b.StartUtc)
            .Select(b => new AwayBooking(
                b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status,
                b.EventType == null ? SchedulingType.None : b.EventType.SchedulingType,
                b.EventType == null ? b.CalComEventTypeId : b.EventType.CalComId,
                b.Attendees.OrderBy(a => a.Id).Select(a => a.Name).FirstOrDefault(),
                b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.Name ?? h.Host.Email ?? "").FirstOrDefault() ?? "",
                b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).FirstOrDefault(),
                b.EventType == null ? AwayPlan.Cancel
                    : b.EventType.SchedulingType == SchedulingType.RoundRobin ? AwayPlan.Reassign
                    : b.EventType.SchedulingType == SchedulingType.Collective || b.EventType.SchedulingType == SchedulingType.Managed ? AwayPlan.Rebook
                    : AwayPlan.Cancel));
}
