using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// The filters GET /v2/bookings takes in both versions (GetBookingsInput_2024_08_13; unchanged in 2026-05-01 apart from
/// <c>status</c>, which 2026-05-01 takes one at a time): statuses, start/end, created/updated windows, event types,
/// teams, attendee and uid. Call <see cref="Matches"/> under the state's lock.
/// </summary>
internal sealed class BookingListFilter
{
    public static readonly string[] Statuses = ["upcoming", "recurring", "past", "cancelled", "unconfirmed"];
    public const string StatusMessage = "status must be one of the following values: upcoming, recurring, past, cancelled, unconfirmed";

    private readonly List<Func<SandboxBooking, SandboxState, bool>> tests = [];

    private BookingListFilter()
    {
    }

    /// <summary>Reads the query; <paramref name="statuses"/> were read by the caller (their rules differ per version).</summary>
    public static bool TryRead(HttpContext http, IReadOnlyList<string> statuses, out BookingListFilter filter, out IResult? error)
    {
        filter = new BookingListFilter();
        error = null;
        var query = http.Request.Query;
        if (statuses.Count > 0) filter.tests.Add((b, state) => statuses.Any(s => HasStatus(b, s, state.Now)));

        foreach (var (name, test) in new (string, Func<SandboxBooking, DateTimeOffset, bool>)[]
        {
            ("afterStart", (b, t) => b.Start >= t), ("beforeEnd", (b, t) => b.End <= t),
            ("afterUpdatedAt", (b, t) => b.UpdatedAt >= t), ("beforeUpdatedAt", (b, t) => b.UpdatedAt <= t),
            ("afterCreatedAt", (b, t) => b.CreatedAt >= t), ("beforeCreatedAt", (b, t) => b.CreatedAt <= t),
        })
        {
            var text = query[name].ToString();
            if (text.Length == 0) continue;
            if (!BookingRules.TryParseStart(text, out var at, out _))
            {
                error = ApiResults.BadRequest(http, $"{name} must be a valid ISO 8601 date string");
                return false;
            }
            filter.tests.Add((b, _) => test(b, at));
        }

        var eventTypeIds = Ints(query["eventTypeIds"]).Concat(Ints(query["eventTypeId"])).ToHashSet();
        if (eventTypeIds.Count > 0) filter.tests.Add((b, _) => eventTypeIds.Contains(b.EventTypeId));
        var attendeeEmail = query["attendeeEmail"].ToString();
        if (attendeeEmail.Length > 0) filter.tests.Add((b, _) => b.Attendees.Any(x => string.Equals(x.Email, attendeeEmail, StringComparison.OrdinalIgnoreCase)));
        var attendeeName = query["attendeeName"].ToString();
        if (attendeeName.Length > 0) filter.tests.Add((b, _) => b.Attendees.Any(x => x.Name.Contains(attendeeName, StringComparison.OrdinalIgnoreCase)));
        var bookingUid = query["bookingUid"].ToString();
        if (bookingUid.Length > 0) filter.tests.Add((b, _) => b.Uid == bookingUid);
        var teamIds = Ints(query["teamId"]).Concat(Ints(query["teamsIds"])).ToHashSet();
        if (teamIds.Count > 0) filter.tests.Add((b, state) => InTeams(b, state, teamIds));
        return true;
    }

    /// <summary>Every booking of the state that passes all filters; call under the state's lock.</summary>
    public IEnumerable<SandboxBooking> Matches(SandboxState state) => state.Bookings.Where(b => tests.All(t => t(b, state)));

    private static bool HasStatus(SandboxBooking b, string status, DateTimeOffset now) => status switch
    {
        "upcoming" => b.End >= now && BookingStatuses.BlocksTime(b.Status),
        "past" => b.End < now && BookingStatuses.BlocksTime(b.Status),
        "cancelled" => b.Status is BookingStatuses.Cancelled or BookingStatuses.Rejected,
        "unconfirmed" => b.End >= now && b.Status == BookingStatuses.Pending,
        _ => false, // no recurring bookings in the sandbox
    };

    /// <summary>A team's bookings include those of its managed event types' children (teamId null, parent in the team).</summary>
    private static bool InTeams(SandboxBooking b, SandboxState state, HashSet<int> teamIds) =>
        state.FindEventType(b.EventTypeId) is { } et
        && (et.TeamId is int t && teamIds.Contains(t) || et.ParentEventTypeId is int p && state.FindEventType(p)?.TeamId is int pt && teamIds.Contains(pt));

    private static IEnumerable<int> Ints(StringValues values) =>
        values.SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(v => int.TryParse(v, out var n) ? n : -1);
}
