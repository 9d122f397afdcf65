namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// What counts, in one place: the fairness report and the insights page count bookings by these rules and show
/// <see cref="Rules"/> as their legend.
/// </summary>
public static class BookingCounting
{
    /// <summary>A held booking is accepted: pending, awaiting payment, cancelled, declined and rescheduled-away ones are not.</summary>
    public const BookingStatus HeldStatus = BookingStatus.Accepted;

    public const string CountsOnce =
        "A booking counts once: a reschedule is the same booking moved, so its new booking counts and the rescheduled-away original is not held (it is counted as rescheduled).";

    public const string CollectiveForEachHost =
        "A collective booking counts for each of its hosts (and once for a staff member, department or event type that several of its hosts share).";

    public const string NotHeld = "A rescheduled-away original is not held, nor live: its new booking is.";

    public static readonly IReadOnlyList<string> Rules = [CountsOnce, CollectiveForEachHost, NotHeld];
}
