using System.Linq.Expressions;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Outcomes;

/// <summary>The list's outcome filter (<c>outcome</c>): bookings with a no-show mark, or past ones still without an outcome.</summary>
public enum OutcomeFilter
{
    /// <summary>A host or an attendee did not show up (any no-show mark).</summary>
    NoShow,
    /// <summary>Accepted bookings that ended before now with no no-show mark and no meeting end: someone should record what happened.</summary>
    Needed,
}

/// <summary>What became of a booking after its time: the no-show marks and Cal.com's meeting end, as queries over the mirror.</summary>
public static class BookingOutcomes
{
    /// <summary>A host (the organizer's flag or any host's mark) or an attendee is marked as not shown up.</summary>
    public static readonly Expression<Func<Booking, bool>> HasNoShow = b =>
        b.HostAbsent || b.Hosts.Any(h => h.Absent) || b.Attendees.Any(a => a.Absent);

    /// <summary>Past accepted bookings without a no-show mark and without a meeting end.</summary>
    public static IQueryable<Booking> NeedingOutcome(IQueryable<Booking> bookings, DateTime nowUtc) =>
        bookings.Where(b => b.Status == BookingStatus.Accepted && b.EndUtc <= nowUtc && b.MeetingState != MeetingState.Ended
                            && !b.HostAbsent && !b.Hosts.Any(h => h.Absent) && !b.Attendees.Any(a => a.Absent));

    public static IQueryable<Booking> Apply(IQueryable<Booking> bookings, OutcomeFilter? filter, DateTime nowUtc) => filter switch
    {
        OutcomeFilter.NoShow => bookings.Where(HasNoShow),
        OutcomeFilter.Needed => NeedingOutcome(bookings, nowUtc),
        _ => bookings,
    };

    public static string Text(OutcomeFilter filter) => filter switch
    {
        OutcomeFilter.NoShow => "No-show",
        _ => "Needs an outcome",
    };
}

/// <summary>No-show counts of one host or one person (an attendee's email), over the bookings they took part in.</summary>
public sealed record NoShowCount(int Bookings, int HostNoShows, int AttendeeNoShows);

/// <summary>
/// No-show counts per host (host page) and per person (an attendee email, for the person page: call
/// <see cref="ForPersonAsync"/>). Counted over bookings that took place or should have: accepted ones that started before now.
/// </summary>
public sealed class NoShowCounts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<NoShowCount> ForHostAsync(int hostId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.BookingHosts.AsNoTracking()
            .Where(h => h.HostId == hostId && h.StartUtc < now && h.Booking.Status == BookingStatus.Accepted);
        var total = await rows.CountAsync(ct);
        // The host's own mark: theirs on the booking, or Cal.com's absentHost when they are the organizer.
        var hostAbsent = await rows.CountAsync(h => h.Absent || (h.Order == 0 && h.Booking.HostAbsent), ct);
        var attendeesAbsent = await rows.CountAsync(h => h.Booking.Attendees.Any(a => a.Absent), ct);
        return new NoShowCount(total, hostAbsent, attendeesAbsent);
    }

    /// <summary>The person's bookings (by attendee email, case-insensitive) and how often they did not show up.</summary>
    public async Task<NoShowCount> ForPersonAsync(string email, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var normalized = email.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.Attendees.AsNoTracking()
            .Where(a => a.Email.ToLower() == normalized && a.Booking.StartUtc < now && a.Booking.Status == BookingStatus.Accepted);
        var total = await rows.CountAsync(ct);
        var absent = await rows.CountAsync(a => a.Absent, ct);
        var hostAbsent = await rows.CountAsync(a => a.Booking.HostAbsent || a.Booking.Hosts.Any(h => h.Absent), ct);
        return new NoShowCount(total, hostAbsent, absent);
    }
}

/// <summary>Cal.com's meeting state (MEETING_STARTED / MEETING_ENDED, mirrored) in words.</summary>
public static class MeetingStateText
{
    public static string For(MeetingState state) => state switch
    {
        MeetingState.Started => "Started (Cal.com reported the meeting started)",
        MeetingState.Ended => "Ended (Cal.com reported the meeting ended)",
        _ => "Not reported (Cal.com reports a start and end only for its own video meetings)",
    };
}
