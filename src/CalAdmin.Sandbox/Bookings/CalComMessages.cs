namespace CalAdmin.Sandbox.Bookings;

/// <summary>
/// Cal.com's own error texts for booking actions, word for word, so clients can be tested against what they will
/// really read. Sources: apps/api/v2/src/ee/bookings/2024-08-13/services (bookings.service.ts, errors.service.ts) and
/// apps/api/v2/src/filters/zod-exception.filter.ts.
/// </summary>
internal static class CalComMessages
{
    /// <summary>errors.service.ts: no host can take the requested time (taken, outside hours, or unknown).</summary>
    public const string NoAvailableUsers = "User either already has booking at this time or is not available";

    /// <summary>The reassign endpoints' own description of their limit.</summary>
    public const string RoundRobinOnly = "Currently only supports reassigning host for round robin bookings.";

    /// <summary>bookings.service.ts reassignBooking: roundRobinReassignment found nobody free (no_available_users_found_error).</summary>
    public const string NoOtherHost = "Can't reassign the booking because no other host is available at that time.";

    /// <summary>bookings.service.ts BOOKING_REASSIGN_PERMISSION_ERROR (403): the key's user is no admin or owner of the event type.</summary>
    public const string ReassignPermission = "You do not have permission to reassign this booking";

    /// <summary>roundRobinManualReassignment throws this for a fixed host; the API does not map it, so it surfaces as a server error.</summary>
    public const string UserIsFixed = "user_is_round_robin_fixed";

    /// <summary>bookings.service.ts reassignBookingToUser: the user is not a host of the event type (invalid_round_robin_host).</summary>
    public static string InvalidRoundRobinHost(int userId) =>
        $"User with id={userId} is not a valid Round Robin host - the user to which you reassign this booking must be one of the booking hosts. "
        + "Fetch the booking using following endpoint and select id of one of the hosts: https://cal.com/docs/api-reference/v2/bookings/get-a-booking";

    /// <summary>bookings.service.ts markAbsent: times as Luxon's toISO writes them in UTC.</summary>
    public static string AbsentBeforeStart(DateTimeOffset now, DateTimeOffset start) =>
        $"Bookings can only be marked as absent after their scheduled start time. Current time in UTC+0: {Iso(now)}, Booking start time in UTC+0: {Iso(start)}";

    /// <summary>input.service.ts (2024-08-13): lengthInMinutes given for an event type without multipleDuration.</summary>
    public const string NoMultipleLengths =
        "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths. Please, remove the 'lengthInMinutes' field from the request.";

    /// <summary>input.service.ts (2024-08-13): lengthInMinutes is not among the event type's multipleDuration.</summary>
    public static string LengthNotAnOption(IEnumerable<int> lengths) =>
        $"Provided 'lengthInMinutes' is not one of the possible lengths for the event type. The possible lengths are: {string.Join(", ", lengths)}";

    /// <summary>
    /// getBookingResponsesSchema tags each missing answer "{slug}error_required_field" on path "responses", and the
    /// ZodExceptionFilter joins the issues as "path - message, " with the last issue first.
    /// </summary>
    public static string MissingRequiredFields(IEnumerable<string> slugs) =>
        slugs.Aggregate("", (text, slug) => $"responses - {{{slug}}}error_required_field, {text}");

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}
