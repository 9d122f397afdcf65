using CalAdmin.Web.Integrations.CalCom.Dtos;
using Refit;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// Cal.com API v2, as far as CalAdmin uses it; paths, parameter names and <c>cal-api-version</c> follow
/// shared/calcom/openapi-v2.json (checked by CalComApiContractTests). Instants are passed as <see cref="CalComTime"/> text.
/// The key, the base URL, the version overrides, the rate limit and the retries come from the handler pipeline
/// (CalComSetup); the rest of the app calls <see cref="CalComClient"/>, not this interface.
/// </summary>
public interface ICalComApi
{
    // --- Users, teams, memberships (no cal-api-version in the spec) ---

    [Get("/v2/me")]
    Task<CalComResponse<CalComMe>> GetMeAsync(CancellationToken cancellationToken = default);

    [Get("/v2/teams")]
    Task<CalComListResponse<CalComTeam>> GetTeamsAsync(CancellationToken cancellationToken = default);

    /// <summary>The spec documents <c>data</c> as one membership; Cal.com answers an array.</summary>
    [Get("/v2/teams/{teamId}/memberships")]
    Task<CalComListResponse<CalComMembership>> GetTeamMembershipsAsync(
        int teamId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Get("/v2/organizations/{orgId}/users")]
    Task<CalComListResponse<CalComOrganizationUser>> GetOrganizationUsersAsync(
        int orgId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Get("/v2/organizations/{orgId}/teams/{teamId}/memberships")]
    Task<CalComListResponse<CalComMembership>> GetOrganizationTeamMembershipsAsync(
        int orgId, int teamId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    // --- Event types ---

    [Get("/v2/event-types")]
    [Headers(CalComApiVersions.EventTypesHeader)]
    Task<CalComListResponse<CalComEventType>> GetEventTypesAsync(
        [Query] string? username = null, [Query] string? eventSlug = null, [Query] int? orgId = null,
        CancellationToken cancellationToken = default);

    [Get("/v2/event-types/{eventTypeId}")]
    [Headers(CalComApiVersions.EventTypesHeader)]
    Task<CalComResponse<CalComEventType>> GetEventTypeAsync(int eventTypeId, CancellationToken cancellationToken = default);

    /// <summary>Hosts, schedulingType and assignAllTeamMembers come with each team event type. No cal-api-version in the spec.</summary>
    [Get("/v2/teams/{teamId}/event-types")]
    Task<CalComListResponse<CalComEventType>> GetTeamEventTypesAsync(
        int teamId, [Query] string? eventSlug = null, CancellationToken cancellationToken = default);

    // --- Bookings ---

    /// <summary>
    /// The bookings list as the 2026 docs give it (2026-05-01): <paramref name="cursor"/> is the previous page's
    /// <c>pagination.nextCursor</c> (none for the first page), <paramref name="limit"/> at most 100, <paramref name="status"/>
    /// one value (none: every status), <paramref name="eventTypeIds"/> comma-separated.
    /// </summary>
    [Get("/v2/bookings")]
    [Headers(CalComApiVersions.BookingsListHeader)]
    Task<CalComCursorListResponse<CalComBooking>> GetBookingsAsync(
        [Query] string? status,
        [Query] string? afterStart,
        [Query] string? beforeEnd,
        [Query] string? afterUpdatedAt,
        [Query] string? eventTypeIds,
        [Query] int? teamId,
        [Query] string? cursor,
        [Query] int limit,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The bookings list before 2026-05-01 (2024-08-13): take/skip paging; <paramref name="status"/> and
    /// <paramref name="eventTypeIds"/> comma-separated. Used when CalCom:ApiVersions:BookingsList is set to such a version.
    /// </summary>
    [Get("/v2/bookings")]
    [Headers(CalComApiVersions.BookingsListByPageHeader)]
    Task<CalComListResponse<CalComBooking>> GetBookingsByPageAsync(
        [Query] string? status,
        [Query] string? afterStart,
        [Query] string? beforeEnd,
        [Query] string? afterUpdatedAt,
        [Query] string? eventTypeIds,
        [Query] int? teamId,
        [Query] int take,
        [Query] int skip,
        CancellationToken cancellationToken = default);

    [Get("/v2/bookings/{bookingUid}")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> GetBookingAsync(string bookingUid, CancellationToken cancellationToken = default);

    [Post("/v2/bookings")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> CreateBookingAsync([Body] CreateBookingRequest booking, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/cancel")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> CancelBookingAsync(
        string bookingUid, [Body] CancelBookingRequest cancellation, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/reschedule")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> RescheduleBookingAsync(
        string bookingUid, [Body] RescheduleBookingRequest reschedule, CancellationToken cancellationToken = default);

    /// <summary>Round-robin: Cal.com picks the next available host. Answers <see cref="CalComReassignment"/>, not the spec's booking.</summary>
    [Post("/v2/bookings/{bookingUid}/reassign")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComResponse<CalComReassignment>> ReassignBookingAsync(string bookingUid, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/reassign/{userId}")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComResponse<CalComReassignment>> ReassignBookingToUserAsync(
        string bookingUid, int userId, [Body] ReassignBookingToUserRequest reassignment, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/confirm")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> ConfirmBookingAsync(string bookingUid, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/decline")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> DeclineBookingAsync(
        string bookingUid, [Body] DeclineBookingRequest decline, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/mark-absent")]
    [Headers(CalComApiVersions.BookingActionsHeader)]
    Task<CalComBookingsResponse> MarkAbsentAsync(
        string bookingUid, [Body] MarkAbsentRequest absence, CancellationToken cancellationToken = default);

    // --- Booking edits (2026 docs; client: CalComClient.Edits.cs) ---

    /// <summary>Cancels the booking and e-mails the attendee a link to pick a new time; answers only a status.</summary>
    [Post("/v2/bookings/{bookingUid}/request-reschedule")]
    [Headers(CalComApiVersions.RequestRescheduleHeader)]
    Task<CalComStatusResponse> RequestRescheduleAsync(
        string bookingUid, [Body] RequestRescheduleRequest request, CancellationToken cancellationToken = default);

    [Post("/v2/bookings/{bookingUid}/guests")]
    [Headers(CalComApiVersions.BookingEditsHeader)]
    Task<CalComBookingsResponse> AddGuestsAsync(string bookingUid, [Body] AddGuestsRequest guests, CancellationToken cancellationToken = default);

    /// <summary>Answers the attendee it added (201), not the booking.</summary>
    [Post("/v2/bookings/{bookingUid}/attendees")]
    [Headers(CalComApiVersions.BookingEditsHeader)]
    Task<CalComResponse<CalComAddedAttendee>> AddAttendeeAsync(string bookingUid, [Body] AddAttendeeRequest attendee, CancellationToken cancellationToken = default);

    [Patch("/v2/bookings/{bookingUid}/location")]
    [Headers(CalComApiVersions.BookingEditsHeader)]
    Task<CalComBookingsResponse> UpdateLocationAsync(string bookingUid, [Body] UpdateLocationRequest location, CancellationToken cancellationToken = default);

    // --- Slots ---

    [Get("/v2/slots")]
    [Headers(CalComApiVersions.SlotsHeader)]
    Task<CalComSlotsResponse> GetSlotsAsync(
        [Query] string start,
        [Query] string end,
        [Query] int eventTypeId,
        [Query] string? timeZone,
        [Query] string? format,
        [Query] string? bookingUidToReschedule,
        [Query] int? duration,
        CancellationToken cancellationToken = default);

    [Post("/v2/slots/reservations")]
    [Headers(CalComApiVersions.SlotsHeader)]
    Task<CalComResponse<CalComSlotReservation>> ReserveSlotAsync([Body] ReserveSlotRequest reservation, CancellationToken cancellationToken = default);

    // --- Webhooks (user, event type, team event type, organization level) ---

    [Get("/v2/webhooks")]
    Task<CalComListResponse<CalComWebhook>> GetWebhooksAsync([Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/webhooks")]
    Task<CalComResponse<CalComWebhook>> CreateWebhookAsync([Body] CreateWebhookRequest webhook, CancellationToken cancellationToken = default);

    [Get("/v2/event-types/{eventTypeId}/webhooks")]
    Task<CalComListResponse<CalComWebhook>> GetEventTypeWebhooksAsync(
        int eventTypeId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/event-types/{eventTypeId}/webhooks")]
    Task<CalComResponse<CalComWebhook>> CreateEventTypeWebhookAsync(
        int eventTypeId, [Body] CreateWebhookRequest webhook, CancellationToken cancellationToken = default);

    /// <summary>Team event types: /v2/event-types/{id}/webhooks is for the key owner's own event types only (403 otherwise).</summary>
    [Get("/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks")]
    Task<CalComListResponse<CalComWebhook>> GetTeamEventTypeWebhooksAsync(
        int teamId, int eventTypeId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks")]
    Task<CalComResponse<CalComWebhook>> CreateTeamEventTypeWebhookAsync(
        int teamId, int eventTypeId, [Body] CreateWebhookRequest webhook, CancellationToken cancellationToken = default);

    [Patch("/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks/{webhookId}")]
    Task<CalComResponse<CalComWebhook>> UpdateTeamEventTypeWebhookAsync(
        int teamId, int eventTypeId, string webhookId, [Body] UpdateWebhookRequest webhook, CancellationToken cancellationToken = default);

    [Get("/v2/organizations/{orgId}/webhooks")]
    Task<CalComListResponse<CalComWebhook>> GetOrganizationWebhooksAsync(
        int orgId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/organizations/{orgId}/webhooks")]
    Task<CalComResponse<CalComWebhook>> CreateOrganizationWebhookAsync(
        int orgId, [Body] CreateWebhookRequest webhook, CancellationToken cancellationToken = default);

    // --- Out-of-office entries (no cal-api-version in the spec) ---

    [Get("/v2/teams/{teamId}/users/{userId}/ooo")]
    Task<CalComListResponse<CalComOutOfOffice>> GetTeamMemberOutOfOfficeAsync(
        int teamId, int userId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/teams/{teamId}/users/{userId}/ooo")]
    Task<CalComResponse<CalComOutOfOffice>> CreateTeamMemberOutOfOfficeAsync(
        int teamId, int userId, [Body] CreateOutOfOfficeRequest entry, CancellationToken cancellationToken = default);

    [Get("/v2/organizations/{orgId}/users/{userId}/ooo")]
    Task<CalComListResponse<CalComOutOfOffice>> GetOrganizationUserOutOfOfficeAsync(
        int orgId, int userId, [Query] int take, [Query] int skip, CancellationToken cancellationToken = default);

    [Post("/v2/organizations/{orgId}/users/{userId}/ooo")]
    Task<CalComResponse<CalComOutOfOffice>> CreateOrganizationUserOutOfOfficeAsync(
        int orgId, int userId, [Body] CreateOutOfOfficeRequest entry, CancellationToken cancellationToken = default);
}
