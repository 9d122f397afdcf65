using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// The insights of a period against the previous one (see <see cref="InsightsDefinitions"/> and <see cref="BookingCounting"/>).
/// The facts of the two periods come from this server's <see cref="InsightsFactsCache"/> (a version check per day, and a
/// read of the days that changed); <see cref="InsightsTally"/> counts them in one pass.
/// </summary>
public sealed class InsightsQuery(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock, InsightsFactsCache cache)
{
    public TimeZoneInfo ZoneOf(InsightsFilter filter) => BookingTime.FindOrUtc(filter.TimeZone ?? options.Value.TimeZone);

    public async Task<InsightsResult> ComputeAsync(InsightsFilter filter, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var period = filter.PeriodIn(ZoneOf(filter), now);
        var (start, end, prevStart) = (period.StartUtc, period.EndUtc, period.Previous.StartUtc);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await HostPeople.LoadAsync(db, ct);
        var hostIds = people.Matching(filter)?.ToHashSet();
        var eventTypeId = filter.EventTypeId;
        var eventTypes = filter.GroupBy == InsightsGrouping.EventType
            ? await db.EventTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Title, ct)
            : [];
        var groupOf = GroupNames(filter.GroupBy, people, eventTypes);
        var tally = new InsightsTally(period, InsightsFactsModel.ToUnixSeconds(now.UtcDateTime), hostIds is null ? null : hostIds.Contains, eventTypeId,
            filter.GroupBy == InsightsGrouping.EventType, groupOf);

        // The periods' facts, from this server's copy of their days (read again only where a day changed).
        tally.AddPeriodRows(await cache.DaysAsync(db, prevStart, end, ct));

        // What was made in the periods and starts after them (a booking never starts before it was made): the days after
        // the periods from the copy too, while there are not too many of them (a period of the last months); else one
        // range of the facts' created index.
        var lastDay = await db.InsightsDays.AsNoTracking().MaxAsync(d => (int?)d.Day, ct);
        var endDay = InsightsFactsModel.DayOf(InsightsFactsModel.ToUnixSeconds(end));
        if (lastDay is null || lastDay < endDay)
        {
            // Nothing starts after the periods.
        }
        else if (lastDay - endDay < InsightsFactsCache.MaxDays / 2)
            tally.AddMadeLater(await cache.DaysAsync(db, end, DateTime.UnixEpoch.AddDays(lastDay.Value + 1), ct));
        else
        {
            var madeLater = db.InsightsFacts.AsNoTracking().Where(f => f.CreatedUtc >= prevStart && f.CreatedUtc < end && f.StartUtc >= end && !f.Rebooked);
            if (eventTypeId is not null) madeLater = madeLater.Where(f => f.EventTypeId == eventTypeId);
            tally.AddMadeLater([(await madeLater.OrderBy(f => f.BookingId).ToListAsync(ct)).Select(FactRow.Of).ToArray()]);
        }

        // The booking's event type only where it is asked for: it costs a read of each booking row.
        var moves = db.Reassignments.AsNoTracking().Where(r => r.At >= prevStart && r.At < end && r.FromHostId != null);
        if (eventTypeId is not null) moves = moves.Where(r => r.Booking.EventTypeId == eventTypeId);
        var withType = eventTypeId is not null || filter.GroupBy == InsightsGrouping.EventType;
        foreach (var move in await moves.Select(r => new { From = r.FromHostId!.Value, EventTypeId = withType ? r.Booking.EventTypeId : null, InPeriod = r.At >= start }).ToListAsync(ct))
            if (hostIds is null || hostIds.Contains(move.From))
                tally.AddReassignedAway(new FactRow(0, move.From, move.EventTypeId ?? 0, 0, 0, 0, BookingStatus.Accepted, 0), move.InPeriod);

        return tally.Result(filter.GroupBy);
    }

    /// <summary>The group of a fact's host (or of its event type); <see cref="InsightsTally"/> asks once per host or event type.</summary>
    private static Func<FactRow, string> GroupNames(InsightsGrouping grouping, HostPeople people, Dictionary<int, string> eventTypes) =>
        grouping == InsightsGrouping.EventType
            ? f => eventTypes.GetValueOrDefault(f.EventTypeId) ?? InsightsTally.NoEventType
            : f => people.GroupOf(f.HostId, grouping);

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
