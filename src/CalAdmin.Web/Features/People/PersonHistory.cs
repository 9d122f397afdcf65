using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Web.Features.People;

/// <summary>One booking of the person, as their page lists it.</summary>
public sealed record PersonBooking(
    string Uid, string Title, DateTime StartUtc, DateTime EndUtc, BookingStatus Status, string? EventTypeTitle,
    string AttendeeName, bool NoShow, string? RescheduledToUid, bool HasNotes)
{
    public bool IsUpcoming(DateTime now) => StartUtc >= now && BookingStatusGroups.Live.Contains(Status);
    public bool IsPast(DateTime now) => StartUtc < now && BookingStatusGroups.Live.Contains(Status);
}

/// <summary>
/// The counts of a person's page. Upcoming and past count the bookings that still take place (accepted, unconfirmed,
/// awaiting payment) by start; cancelled, declined and rescheduled count the bookings that ended so; no-shows count the
/// bookings where this person is marked absent, whatever their status.
/// </summary>
public sealed record PersonCounts(int Total, int Upcoming, int Past, int NoShows, int Cancelled, int Declined, int Rescheduled);

/// <summary>Everyone with one email or phone number across the mirrored bookings.</summary>
public sealed record PersonHistory(
    string? Email, string? Phone, IReadOnlyList<string> Names, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones,
    IReadOnlyList<PersonBooking> Upcoming, IReadOnlyList<PersonBooking> Past, IReadOnlyList<PersonBooking> Ended, PersonCounts Counts)
{
    public bool Found => Counts.Total > 0;
}

/// <summary>The person's last booking that took place, when they did not show up to it.</summary>
public sealed record MissedVisit(string Uid, string Title, DateTime StartUtc);
