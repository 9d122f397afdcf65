using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox.Slots;

/// <summary>
/// Free time of hosts: working hours in each host's own time zone minus the bookings that still hold time,
/// minus live slot reservations. Callers hold <see cref="SandboxState.Gate"/>.
/// </summary>
internal sealed class Availability(SandboxState state)
{
    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The host's working intervals (UTC) on every local day touching [from, to).</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingIntervals(SandboxUser user, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = Zone(user.TimeZone);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).AddDays(1);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (!user.WorkingHours.Days.Contains(day.DayOfWeek)) continue;
            var start = ToUtc(day.ToDateTime(user.WorkingHours.Start), zone);
            var end = ToUtc(day.ToDateTime(user.WorkingHours.End), zone);
            if (end > from && start < to) yield return (start, end);
        }
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A wall time skipped by a DST jump has no offset; moving it an hour forward is what a person would do.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public bool IsWithinWorkingHours(SandboxUser user, DateTimeOffset start, DateTimeOffset end) =>
        WorkingIntervals(user, start, end).Any(i => i.Start <= start && end <= i.End);

    public bool HasConflict(int userId, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingUid) =>
        state.Bookings.Any(b => b.Uid != ignoreBookingUid
            && BookingStatuses.BlocksTime(b.Status)
            && b.Start < end && start < b.End
            && b.HostIds.Contains(userId));

    private bool IsReserved(SandboxEventType eventType, DateTimeOffset start, DateTimeOffset end) =>
        state.Reservations.Any(r => r.EventTypeId == eventType.Id && r.Until > state.Now && r.Start < end && start < r.End);

    public bool IsHostFree(int userId, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingUid)
    {
        var user = state.FindUser(userId);
        // Cal.com counts an out-of-office entry as busy time.
        return user is not null && IsWithinWorkingHours(user, start, end) && !HasConflict(userId, start, end, ignoreBookingUid)
            && !state.IsAway(userId, start, end);
    }

    /// <summary>Hosts of the event type free for the whole interval, in the event type's host order.</summary>
    public IReadOnlyList<int> FreeHosts(SandboxEventType eventType, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingUid) =>
        state.HostsOf(eventType).Select(h => h.UserId).Where(id => IsHostFree(id, start, end, ignoreBookingUid)).ToList();

    /// <summary>
    /// Whether the event type can take a booking at this interval: collective needs all hosts; round robin needs every
    /// fixed (mandatory) host and one round-robin host, as Cal.com's handleNewBooking books fixed hosts plus one lucky user.
    /// </summary>
    public bool IsBookable(SandboxEventType eventType, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingUid)
    {
        if (start < state.Now.AddMinutes(eventType.MinimumBookingNoticeMinutes)) return false;
        if (IsReserved(eventType, start, end)) return false;
        var hosts = state.HostsOf(eventType);
        if (hosts.Count == 0) return false;
        bool Free(EventTypeHost h) => IsHostFree(h.UserId, start, end, ignoreBookingUid);
        if (eventType.SchedulingType == SchedulingTypes.Collective) return hosts.All(Free);
        var roundRobin = hosts.Where(h => !h.Mandatory).ToList();
        return hosts.Where(h => h.Mandatory).All(Free) && (roundRobin.Count == 0 || roundRobin.Any(Free));
    }

    /// <summary>
    /// Slot starts in [from, to): each host's working intervals cut into event-length slots, then united
    /// (round robin) or intersected (collective), keeping only those still bookable.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> SlotStarts(SandboxEventType eventType, DateTimeOffset from, DateTimeOffset to, string? ignoreBookingUid,
        int? lengthInMinutes = null)
    {
        var length = TimeSpan.FromMinutes(lengthInMinutes ?? eventType.LengthInMinutes);
        var hosts = state.HostsOf(eventType);
        HashSet<DateTimeOffset>? result = null;
        foreach (var host in hosts)
        {
            var user = state.FindUser(host.UserId);
            if (user is null) continue;
            var starts = new HashSet<DateTimeOffset>();
            foreach (var (start, end) in WorkingIntervals(user, from, to))
                for (var slot = start; slot + length <= end; slot += length)
                    if (slot >= from && slot < to) starts.Add(slot);

            if (result is null) result = starts;
            else if (eventType.SchedulingType == SchedulingTypes.Collective) result.IntersectWith(starts);
            else result.UnionWith(starts);
        }

        return (result ?? [])
            .Where(s => IsBookable(eventType, s, s + length, ignoreBookingUid))
            .Order()
            .ToList();
    }
}
