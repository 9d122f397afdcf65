using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Home;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Hosts;

public enum HostSort { Name, Email, Username, UpcomingBookings }

public sealed record HostQuery(
    string? Search = null, bool? Active = null, bool? Mapped = null, int? EventTypeId = null,
    HostSort SortBy = HostSort.Name, bool Descending = false, int Page = 0, int PageSize = 25);

public sealed record HostEventTypeRow(int EventTypeId, string Title, EventTypes.SchedulingType SchedulingType, bool Mandatory, int? Priority)
{
    /// <summary>Cal.com's names for the round-robin priority levels 0–4.</summary>
    public string? PriorityName => Priority switch { 0 => "lowest", 1 => "low", 2 => "medium", 3 => "high", 4 => "highest", null => null, _ => Priority.ToString() };
}

public sealed record HostRow(
    int Id, int CalComUserId, string? Name, string? Email, string? Username, string? TimeZone, string? TeamRole,
    bool Active, bool NeedsReview, int? StaffId, string? StaffName, int UpcomingBookings, IReadOnlyList<HostEventTypeRow> EventTypes)
{
    public string DisplayName => Name ?? Username ?? Email ?? $"Cal.com user {CalComUserId}";

    public string Initials => string.Concat(DisplayName.Split([' ', '.', '-', '_', '@'], StringSplitOptions.RemoveEmptyEntries)
        .Take(2).Select(p => char.ToUpperInvariant(p[0])));
}

public sealed record HostHistoryRow(DateTime At, string UserName, string Action, string? Before, string? After);

public sealed record HostBookingRow(int BookingId, string Uid, string Title, DateTime StartUtc, DateTime EndUtc, BookingStatus Status, IReadOnlyList<string> Attendees);

public sealed record HostDetail(HostRow Host, DateTime? LastSeenBySyncAt, IReadOnlyList<HostHistoryRow> MappingHistory, IReadOnlyList<HostBookingRow> NextBookings);

public sealed record EventTypeOption(int Id, string Title);

/// <summary>
/// The Cal.com hosts behind /hosts and /hosts/{id}: one paged projection per request (mapped staff, event types with
/// round-robin settings, count of upcoming bookings through the BookingHosts start index). Every signed-in role may read.
/// </summary>
public sealed class HostDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(IReadOnlyList<HostRow> Rows, int Total)> PageAsync(HostQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hosts = db.Hosts.AsNoTracking();
        if (query.Active is { } active) hosts = hosts.Where(h => h.Active == active);
        if (query.EventTypeId is { } eventTypeId) hosts = hosts.Where(h => db.EventTypeHosts.Any(e => e.HostId == h.Id && e.EventTypeId == eventTypeId));
        if (query.Mapped is { } mapped)
            hosts = hosts.Where(h => db.StaffMappings.Any(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString()) == mapped);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            hosts = hosts.Where(h => (h.Name != null && h.Name.ToLower().Contains(term))
                || (h.NormalizedEmail != null && h.NormalizedEmail.Contains(term))
                || (h.Username != null && h.Username.ToLower().Contains(term)));
        }
        var total = await hosts.CountAsync(ct);

        var now = Now;
        // Sorted and paged on the hosts themselves, then projected: EF cannot order by a member of a record built in the projection.
        var sorted = query.SortBy switch
        {
            HostSort.Email => query.Descending ? hosts.OrderByDescending(h => h.Email) : hosts.OrderBy(h => h.Email),
            HostSort.Username => query.Descending ? hosts.OrderByDescending(h => h.Username) : hosts.OrderBy(h => h.Username),
            HostSort.UpcomingBookings => query.Descending
                ? hosts.OrderByDescending(h => db.BookingHosts.Count(bh => bh.HostId == h.Id && bh.StartUtc >= now && BookingStatusGroups.Live.Contains(bh.Status)))
                : hosts.OrderBy(h => db.BookingHosts.Count(bh => bh.HostId == h.Id && bh.StartUtc >= now && BookingStatusGroups.Live.Contains(bh.Status))),
            _ => query.Descending ? hosts.OrderByDescending(h => h.Name) : hosts.OrderBy(h => h.Name),
        };
        var rows = await Project(db, sorted.ThenBy(h => h.Id).Skip(query.Page * query.PageSize).Take(query.PageSize)).ToListAsync(ct);
        return (rows, total);
    }

    public async Task<HostDetail?> DetailAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var host = await Project(db, db.Hosts.AsNoTracking().Where(h => h.Id == id)).SingleOrDefaultAsync(ct);
        if (host is null) return null;
        var lastSeen = await db.Hosts.Where(h => h.Id == id).Select(h => h.LastSeenBySyncAt).SingleAsync(ct);
        var entityId = host.CalComUserId.ToString();
        var history = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == StaffMappings.AuditEntityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(50)
            .Select(a => new HostHistoryRow(a.At, a.UserName, a.Action, a.Before, a.After)).ToListAsync(ct);
        var now = Now;
        var next = await db.BookingHosts.AsNoTracking()
            .Where(bh => bh.HostId == id && bh.StartUtc >= now && BookingStatusGroups.Live.Contains(bh.Status))
            .OrderBy(bh => bh.StartUtc).Take(10)
            .Select(bh => new HostBookingRow(bh.BookingId, bh.Booking.Uid, bh.Booking.Title, bh.Booking.StartUtc, bh.Booking.EndUtc, bh.Booking.Status,
                bh.Booking.Attendees.OrderBy(a => a.Id).Select(a => a.Name).Take(3).ToList()))
            .ToListAsync(ct);
        return new HostDetail(host, lastSeen, history, next);
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Hosts.AnyAsync(ct);
    }

    public async Task<IReadOnlyList<EventTypeOption>> EventTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EventTypes.AsNoTracking().OrderBy(t => t.Title).Select(t => new EventTypeOption(t.Id, t.Title)).ToListAsync(ct);
    }

    private IQueryable<HostRow> Project(AppDbContext db, IQueryable<Host> hosts)
    {
        var now = Now;
        return hosts.Select(h => new HostRow(
            h.Id, h.CalComUserId, h.Name, h.Email, h.Username, h.TimeZone, h.TeamRole, h.Active, h.NeedsReview,
            db.StaffMappings.Where(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString()).Select(m => (int?)m.StaffId).FirstOrDefault(),
            db.StaffMappings.Where(m => m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString()).Select(m => m.Staff.Name).FirstOrDefault(),
            db.BookingHosts.Count(bh => bh.HostId == h.Id && bh.StartUtc >= now && BookingStatusGroups.Live.Contains(bh.Status)),
            db.EventTypeHosts.Where(e => e.HostId == h.Id).OrderBy(e => e.EventType.Title)
                .Select(e => new HostEventTypeRow(e.EventTypeId, e.EventType.Title, e.EventType.SchedulingType, e.Mandatory, e.Priority)).ToList()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
