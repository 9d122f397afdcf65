using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Web.Features.Insights;

/// <summary>The counts of one period, for the whole filter or one group; the CSV's columns in its order, plus <see cref="Booked"/>.</summary>
public sealed record InsightsFigures(
    int Created, int Held, int Completed, int Cancelled, int Rescheduled, int Declined, int NoShowHost, int NoShowAttendee, int ReassignedAway,
    int Booked)
{
    public static readonly InsightsFigures None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Cancelled over every booking starting in the period, in percent; null when there are none.</summary>
    public double? CancelRate => Rate(Cancelled, Booked);
    /// <summary>Host no-shows over held bookings, in percent.</summary>
    public double? NoShowHostRate => Rate(NoShowHost, Held);
    public double? NoShowAttendeeRate => Rate(NoShowAttendee, Held);

    private static double? Rate(int part, int whole) => whole == 0 ? null : 100.0 * part / whole;
}

/// <summary>One row of the tables and of the CSV: a host, staff member, department or event type.</summary>
public sealed record InsightsGroupRow(string Group, InsightsFigures Figures);

/// <summary>One bar of the trend: a day or an ISO week, bookings starting in it by final status.</summary>
public sealed record TrendBucket(string Label, int Held, int Pending, int Cancelled, int Rescheduled, int Declined)
{
    public int Total => Held + Pending + Cancelled + Rescheduled + Declined;
}

public sealed record InsightsResult(
    InsightsPeriod Period,
    InsightsFigures Current,
    InsightsFigures Previous,
    TimeSpan? MedianLead,
    TimeSpan? PreviousMedianLead,
    bool Weekly,
    IReadOnlyList<TrendBucket> Trend,
    InsightsGrouping GroupBy,
    IReadOnlyList<InsightsGroupRow> Groups,
    IReadOnlyList<int> HeldByWeekday,
    IReadOnlyList<int> HeldByHour);

/// <summary>The choices of the page's filters.</summary>
public sealed record InsightsChoices(
    IReadOnlyList<(int Id, string Name)> EventTypes,
    IReadOnlyList<(int Id, string Name)> Hosts,
    IReadOnlyList<(int Id, string Name)> Staff,
    IReadOnlyList<string> Departments);

/// <summary>What each figure means, as the page's legend shows it; the counting rules are <see cref="BookingCounting.Rules"/>.</summary>
public static class InsightsDefinitions
{
    public static readonly IReadOnlyList<(string Figure, string Meaning)> Figures =
    [
        ("Created", "bookings made in the period (Cal.com's creation time), not counting the new booking of a reschedule."),
        ("Held", "bookings starting in the period that are accepted."),
        ("Completed", "held bookings that have ended: Cal.com reported the meeting ended, or its end time has passed."),
        ("Cancelled", "bookings starting in the period that were cancelled."),
        ("Rescheduled", "bookings starting in the period that were moved to another time (the original of a reschedule)."),
        ("Declined", "bookings starting in the period that the host declined."),
        ("No-show (host)", "held bookings in the period marked as the host not showing up (for a host: that host)."),
        ("No-show (attendee)", "held bookings in the period with at least one attendee marked as not showing up."),
        ("Reassigned away", "entries of the reassignment history made in the period, counted for the host the booking left."),
        ("Median lead time", "the middle of the times from creation to start of the held bookings."),
        ("Previous period", "the same number of days just before the period; changes are against it."),
    ];
}
