using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// The insights of a period against the previous one (see <see cref="InsightsDefinitions"/> and <see cref="BookingCounting"/>).
/// Each query reads narrow rows of the two periods once; counting is done here, per booking, so that a booking shared by
/// several hosts of one group still counts once for it.
/// </summary>
public sealed class InsightsQuery(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock)
{
    public TimeZoneInfo ZoneOf(InsightsFilter filter) => BookingTime.FindOrUtc(filter.TimeZone ?? options.Value.TimeZone);

    public async Task<InsightsResult> ComputeAsync(InsightsFilter filter, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var period = filter.PeriodIn(ZoneOf(filter), now);
        var (start, end, prevStart) = (period.StartUtc, period.EndUtc, period.Previous.StartUtc);
        var nowUtc = now.UtcDateTime;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await HostPeople.LoadAsync(db, ct);
        var hostIds = people.Matching(filter);
        var eventTypeId = filter.EventTypeId;

        // With hosts asked for, the period is found by the hosts' copy of the start (one seek per host of (HostId, StartUtc));
        // without, by the bookings' start, whose index holds every column counted here.
        var hostRows = hostIds is null
            ? db.BookingHosts.AsNoTracking().Where(h => h.Booking.StartUtc >= prevStart && h.Booking.StartUtc < end)
            : db.BookingHosts.AsNoTracking().Where(h => hostIds.Contains(h.HostId) && h.StartUtc >= prevStart && h.StartUtc < end);
        if (eventTypeId is not null) hostRows = hostRows.Where(h => h.Booking.EventTypeId == eventTypeId);
        var hostFacts = await hostRows
            .Select(h => new HostFact(h.BookingId, h.HostId, h.Booking.EventTypeId, h.Booking.StartUtc, h.Booking.Status,
                h.Booking.MeetingState == MeetingState.Ended || h.Booking.EndUtc <= nowUtc,
                h.Absent || (h.Order == 0 && h.Booking.HostAbsent), h.Booking.Attendees.Any(a => a.Absent),
                h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt))
            .ToListAsync(ct);
        // One read serves both: the cards count each booking once, from the rows of its (matching) hosts.
        var facts = hostFacts.GroupBy(f => f.BookingId).Select(g => g.First() with { HostAbsent = g.Any(f => f.HostAbsent) }).Select(f => f.AsBooking()).ToList();

        // A booking never starts before it was made, so its start bounds the search for what was created in the periods.
        var made = hostIds is null
            ? db.BookingHosts.AsNoTracking().Where(h => h.Booking.StartUtc >= prevStart)
            : db.BookingHosts.AsNoTracking().Where(h => hostIds.Contains(h.HostId) && h.StartUtc >= prevStart);
        made = made.Where(h => h.Booking.RescheduledFromUid == null
            && (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) >= prevStart && (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) < end);
        if (eventTypeId is not null) made = made.Where(h => h.Booking.EventTypeId == eventTypeId);
        var created = await made
            .Select(h => new MadeFact(h.BookingId, h.HostId, h.Booking.EventTypeId, (h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt) >= start))
            .ToListAsync(ct);

        var moves = db.Reassignments.AsNoTracking().Where(r => r.At >= prevStart && r.At < end && r.FromHostId != null);
        if (eventTypeId is not null) moves = moves.Where(r => r.Booking.EventTypeId == eventTypeId);
        if (hostIds is not null) moves = moves.Where(r => hostIds.Contains(r.FromHostId!.Value));
        var away = await moves.Select(r => new MadeFact(r.BookingId, r.FromHostId!.Value, r.Booking.EventTypeId, r.At >= start)).ToListAsync(ct);

        var eventTypes = filter.GroupBy == InsightsGrouping.EventType
            ? await db.EventTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Title, ct)
            : [];
        Func<HostFact, string> groupOf = filter.GroupBy switch
        {
            InsightsGrouping.EventType => f => f.EventTypeId is { } id && eventTypes.TryGetValue(id, out var title) ? title : InsightsTally.NoEventType,
            var grouping => f => people.GroupOf(f.HostId, grouping),
        };

        var current = facts.Where(f => f.StartUtc >= start).ToList();
        var previous = facts.Where(f => f.StartUtc < start).ToList();
        return new InsightsResult(
            period,
            InsightsTally.Totals(current, created.Where(c => c.InPeriod).DistinctBy(c => c.BookingId).Count(), away.Count(a => a.InPeriod)),
            InsightsTally.Totals(previous, created.Where(c => !c.InPeriod).DistinctBy(c => c.BookingId).Count(), away.Count(a => !a.InPeriod)),
            InsightsTally.MedianLead(current),
            InsightsTally.MedianLead(previous),
            period.Days > 31,
            InsightsTally.Trend(current, period),
            filter.GroupBy,
            InsightsTally.Groups(hostFacts.Where(f => f.StartUtc >= start), created.Where(c => c.InPeriod), away.Where(a => a.InPeriod), groupOf),
            InsightsTally.ByWeekday(current, period.Zone),
            InsightsTally.ByHour(current, period.Zone));
    }

    /// <summary>The rows of the CSV: the groups of <see cref="ComputeAsync"/>.</summary>
    public async Task<IReadOnlyList<InsightsGroupRow>> GroupsAsync(InsightsFilter filter, CancellationToken ct = default) =>
        (await ComputeAsync(filter, ct)).Groups;

    public async Task<InsightsChoices> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await HostPeople.LoadAsync(db, ct);
        var eventTypes = await db.EventTypes.AsNoTracking().OrderBy(t => t.Title).Select(t => new { t.Id, t.Title }).ToListAsync(ct);
        var staff = await db.Staff.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return new InsightsChoices(
            eventTypes.Select(t => (t.Id, t.Title)).ToList(),
            people.Hosts.OrderBy(h => h.CalComName, StringComparer.CurrentCultureIgnoreCase).Select(h => (h.HostId, h.CalComName)).ToList(),
            staff.Select(s => (s.Id, s.Name)).ToList(),
            await db.Staff.AsNoTracking().Where(s => s.Department != null && s.Department != "").Select(s => s.Department!).Distinct().OrderBy(d => d).ToListAsync(ct));
    }
}

/// <summary>One booking of the two periods, as the cards, the trend and the weekday and hour charts need it.</summary>
public sealed record BookingFact(DateTime StartUtc, BookingStatus Status, bool Ended, bool HostAbsent, bool AttendeeAbsent, DateTime CreatedUtc);

/// <summary>One host of one booking of the two periods, for the group tables (and, once per booking, the cards).</summary>
public sealed record HostFact(int BookingId, int HostId, int? EventTypeId, DateTime StartUtc, BookingStatus Status, bool Ended, bool HostAbsent,
    bool AttendeeAbsent, DateTime CreatedUtc)
{
    public BookingFact AsBooking() => new(StartUtc, Status, Ended, HostAbsent, AttendeeAbsent, CreatedUtc);
}

/// <summary>A booking made (or a reassignment away) in one of the two periods, with the host it counts for.</summary>
public sealed record MadeFact(int BookingId, int HostId, int? EventTypeId, bool InPeriod);

/// <summary>Who each host is inside the business: the mapped staff member and their department.</summary>
internal sealed class HostPeople
{
    public sealed record Person(int HostId, string CalComName, int? StaffId, string? StaffName, string? Department);

    public required IReadOnlyList<Person> Hosts { get; init; }
    private Dictionary<int, Person> byId = [];

    public static async Task<HostPeople> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking().Select(h => new { h.Id, h.CalComUserId, h.Name, h.Username, h.Email }).ToListAsync(ct);
        var staff = await db.StaffMappings.AsNoTracking().Where(m => m.ExternalSystem == StaffMapping.CalComSystem)
            .Select(m => new { m.ExternalId, m.StaffId, m.Staff.Name, m.Staff.Department })
            .ToDictionaryAsync(m => m.ExternalId, ct);
        var people = hosts.Select(h =>
        {
            var name = h.Name ?? h.Username ?? h.Email ?? $"Cal.com user {h.CalComUserId}";
            return staff.TryGetValue(h.CalComUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var s)
                ? new Person(h.Id, name, s.StaffId, s.Name, string.IsNullOrWhiteSpace(s.Department) ? null : s.Department.Trim())
                : new Person(h.Id, name, null, null, null);
        }).ToList();
        return new HostPeople { Hosts = people, byId = people.ToDictionary(p => p.HostId) };
    }

    /// <summary>The hosts the filter's host, staff and department ask for (all of them at once); null when it asks for none.</summary>
    public List<int>? Matching(InsightsFilter filter)
    {
        if (filter.HostId is null && filter.StaffId is null && filter.Department is null) return null;
        return Hosts.Where(p => (filter.HostId is null || p.HostId == filter.HostId)
                && (filter.StaffId is null || p.StaffId == filter.StaffId)
                && (filter.Department is null || string.Equals(p.Department, filter.Department.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.HostId).ToList();
    }

    public string GroupOf(int hostId, InsightsGrouping grouping)
    {
        var person = byId.GetValueOrDefault(hostId) ?? new Person(hostId, $"Host {hostId}", null, null, null);
        return grouping switch
        {
            InsightsGrouping.Staff => person.StaffName ?? InsightsTally.NotMapped,
            InsightsGrouping.Department => person.StaffId is null ? InsightsTally.NotMapped : person.Department ?? InsightsTally.NoDepartment,
            _ => person.CalComName,
        };
    }
}
