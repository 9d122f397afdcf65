using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;

namespace CalAdmin.Sandbox.Bookings;

/// <summary>Who hosts a booking: picking hosts for a new booking and replacing the round-robin host on reassignment.</summary>
internal sealed partial class BookingRules
{
    /// <summary>
    /// Replaces the booking's round-robin host, as Cal.com's roundRobinReassignment and roundRobinManualReassignment do:
    /// fixed (mandatory) hosts stay whatever their place, the replaced host is the round-robin one. Answers the
    /// booking's organizer (Cal.com's <c>reassignedTo</c> is <c>booking.user</c>), which is a fixed host when there is one.
    /// </summary>
    public Outcome<SandboxUser> Reassign(string uid, int? toUserId, string? reason)
    {
        lock (state.Gate)
        {
            if (state.FindBooking(uid) is not { } booking) return Outcome<SandboxUser>.Refused(404, $"Booking with uid={uid} was not found in the database");
            var eventType = state.FindEventType(booking.EventTypeId)!;
            // The key's user was checked to be an admin or owner of the event type before (BookingEndpoints.MayReassign).
            if (eventType.SchedulingType != SchedulingTypes.RoundRobin) return Outcome<SandboxUser>.Refused(400, CalComMessages.RoundRobinOnly);
            if (!BookingStatuses.BlocksTime(booking.Status))
                return Outcome<SandboxUser>.Refused(400, $"Booking with uid={uid} is {booking.Status} and cannot be reassigned.");

            var hosts = state.HostsOf(eventType);
            var previous = RoundRobinHostOf(booking, eventType);
            int newHostId;
            if (toUserId is int requested)
            {
                if (state.FindUser(requested) is null) return Outcome<SandboxUser>.Refused(404, $"User with id={requested} was not found in the database");
                if (hosts.FirstOrDefault(h => h.UserId == requested) is not { } host)
                    return Outcome<SandboxUser>.Refused(400, CalComMessages.InvalidRoundRobinHost(requested));
                if (host.Mandatory) return Outcome<SandboxUser>.Refused(500, CalComMessages.UserIsFixed);
                if (requested != previous && availability.HasConflict(requested, booking.Start, booking.End, booking.Uid))
                    return Outcome<SandboxUser>.Refused(400, $"User with id={requested} already has a booking at this time");
                newHostId = requested;
            }
            else
            {
                var candidates = availability.FreeHosts(eventType, booking.Start, booking.End, booking.Uid)
                    .Where(id => hosts.Any(h => h.UserId == id && !h.Mandatory) && !booking.HostIds.Contains(id)).ToList();
                if (candidates.Count == 0) return Outcome<SandboxUser>.Refused(400, CalComMessages.NoOtherHost);
                newHostId = candidates.OrderBy(id => LastBookedAt(id, eventType.Id)).ThenBy(id => id).First();
            }

            booking.ReassignReason = reason;
            if (newHostId != previous)
            {
                // Without a round-robin host on the booking Cal.com changes the organizer (hasOrganizerChanged).
                var replaced = previous ?? booking.HostIds.FirstOrDefault();
                var index = booking.HostIds.IndexOf(replaced);
                if (index >= 0) booking.HostIds[index] = newHostId;
                else booking.HostIds.Add(newHostId);
                booking.UpdatedAt = state.Now;
                webhooks.Publish(WebhookTriggers.BookingReassigned, booking,
                    WebhookPayloads.ForReassigned(booking, state, added: [newHostId], removed: index >= 0 ? [replaced] : []));
            }
            return Outcome<SandboxUser>.Done(state.FindUser(booking.HostIds[0])!);
        }
    }

    /// <summary>The booking's round-robin host: the first of its hosts that is a non-fixed host of the event type.</summary>
    private int? RoundRobinHostOf(SandboxBooking booking, SandboxEventType eventType)
    {
        var roundRobin = state.HostsOf(eventType).Where(h => !h.Mandatory).Select(h => h.UserId).ToHashSet();
        return booking.HostIds.Where(roundRobin.Contains).Select(id => (int?)id).FirstOrDefault();
    }

    /// <summary>
    /// The hosts a booking at this time gets, or null when none can take it. Collective needs every host; round robin
    /// needs every fixed host (they come first, the first is the organizer, as in handleNewBooking) plus one round-robin
    /// host: the preferred one when free, else by priority then least recently booked.
    /// </summary>
    private List<int>? PickHosts(SandboxEventType eventType, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingUid, int? preferredHostId)
    {
        var hosts = state.HostsOf(eventType);
        if (hosts.Count == 0) return null;
        if (start < state.Now.AddMinutes(eventType.MinimumBookingNoticeMinutes)) return null;
        var free = availability.FreeHosts(eventType, start, end, ignoreBookingUid);
        if (eventType.SchedulingType == SchedulingTypes.Collective)
            return free.Count == hosts.Count ? free.ToList() : null;

        var fixedIds = hosts.Where(h => h.Mandatory).Select(h => h.UserId).ToList();
        if (fixedIds.Any(id => !free.Contains(id))) return null;
        var candidates = hosts.Where(h => !h.Mandatory && free.Contains(h.UserId)).ToList();
        if (candidates.Count == 0) return hosts.All(h => h.Mandatory) ? fixedIds : null;
        if (preferredHostId is int preferred && candidates.Any(h => h.UserId == preferred)) return [.. fixedIds, preferred];
        var chosen = candidates
            .OrderByDescending(h => h.Priority)
            .ThenBy(h => LastBookedAt(h.UserId, eventType.Id))
            .ThenBy(h => h.UserId)
            .First();
        return [.. fixedIds, chosen.UserId];
    }

    /// <summary>When this host was last given a booking of the event type; never comes first.</summary>
    private DateTimeOffset LastBookedAt(int userId, int eventTypeId) =>
        state.Bookings.Where(b => b.EventTypeId == eventTypeId && b.HostIds.Contains(userId))
            .Select(b => b.CreatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
}
