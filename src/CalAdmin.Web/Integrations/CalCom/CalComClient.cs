using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// What the rest of CalAdmin calls to talk to Cal.com: whole lists paged to the end, and thin actions.
/// Every failure surfaces as <see cref="CalComException"/>; a cancelled caller still gets its OperationCanceledException.
/// </summary>
public sealed partial class CalComClient(
    ICalComApi api,
    CalComConnection connection,
    IOptions<CalComOptions> options,
    ILogger<CalComClient> logger)
{
    /// <summary>The largest page the memberships and webhooks lists allow.</summary>
    public const int LargestPage = 250;

    /// <summary>The page CalAdmin asks the bookings list for: the most 2026-05-01 allows (limit ≤ 100).</summary>
    public const int BookingsPage = 100;

    // A guard against a server that keeps answering full pages forever.
    private const int MaxPages = 10_000;

    private CalComOptions Options => options.Value;

    public async Task<CalComMe> GetMeAsync(CancellationToken cancellationToken = default) =>
        Required(await CallAsync("read the API key's user", api.GetMeAsync, cancellationToken).ConfigureAwait(false), "read the API key's user");

    public async Task<IReadOnlyList<CalComTeam>> GetTeamsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("read teams", api.GetTeamsAsync, cancellationToken).ConfigureAwait(false)).Data ?? [];

    /// <summary>
    /// All memberships of a team (default: CalCom:TeamId), through the organization endpoint when
    /// CalCom:OrganizationId is set; pages of 250 until a short page.
    /// </summary>
    public Task<IReadOnlyList<CalComMembership>> GetAllMembershipsAsync(int? teamId = null, CancellationToken cancellationToken = default)
    {
        var team = teamId ?? Options.TeamId
            ?? throw new CalComException("CalCom:TeamId is not configured", "read team memberships");
        return Options.OrganizationId is { } orgId
            ? PageAsync("read team memberships", LargestPage, (take, skip, ct) => api.GetOrganizationTeamMembershipsAsync(orgId, team, take, skip, ct), cancellationToken)
            : PageAsync("read team memberships", LargestPage, (take, skip, ct) => api.GetTeamMembershipsAsync(team, take, skip, ct), cancellationToken);
    }

    /// <summary>All users of the organization (default: CalCom:OrganizationId).</summary>
    public Task<IReadOnlyList<CalComOrganizationUser>> GetAllOrganizationUsersAsync(int? organizationId = null, CancellationToken cancellationToken = default)
    {
        var orgId = organizationId ?? Options.OrganizationId
            ?? throw new CalComException("CalCom:OrganizationId is not configured", "read organization users");
        return PageAsync("read organization users", LargestPage, (take, skip, ct) => api.GetOrganizationUsersAsync(orgId, take, skip, ct), cancellationToken);
    }

    public async Task<IReadOnlyList<CalComEventType>> GetEventTypesAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("read event types", ct => api.GetEventTypesAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false)).Data ?? [];

    /// <summary>
    /// A user's event type by slug (GET /v2/event-types?username=&amp;eventSlug=), in the configured organization if any:
    /// how a managed event type's per-host child is found, since the team list names only the parent.
    /// </summary>
    public async Task<CalComEventType?> FindUserEventTypeAsync(string username, string slug, CancellationToken cancellationToken = default) =>
        (await CallAsync("read event types", ct => api.GetEventTypesAsync(username, slug, Options.OrganizationId, ct), cancellationToken).ConfigureAwait(false))
            .Data?.FirstOrDefault(e => e.Slug == slug);

    public async Task<CalComEventType> GetEventTypeAsync(int eventTypeId, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("read event type", ct => api.GetEventTypeAsync(eventTypeId, ct), cancellationToken).ConfigureAwait(false), "read event type");

    /// <summary>Team event types with their hosts, scheduling type and assignAllTeamMembers (default team: CalCom:TeamId).</summary>
    public async Task<IReadOnlyList<CalComEventType>> GetTeamEventTypesAsync(int? teamId = null, CancellationToken cancellationToken = default)
    {
        var team = teamId ?? Options.TeamId ?? throw new CalComException("CalCom:TeamId is not configured", "read team event types");
        return (await CallAsync("read team event types", ct => api.GetTeamEventTypesAsync(team, cancellationToken: ct), cancellationToken).ConfigureAwait(false)).Data ?? [];
    }

    public Task<CalComBooking> GetBookingAsync(string bookingUid, CancellationToken cancellationToken = default) =>
        BookingAsync("read booking", ct => api.GetBookingAsync(bookingUid, ct), cancellationToken);

    public Task<CalComBooking> CreateBookingAsync(CreateBookingRequest booking, CancellationToken cancellationToken = default) =>
        BookingAsync("create booking", ct => api.CreateBookingAsync(booking, ct), cancellationToken);

    public Task<CalComBooking> CancelBookingAsync(string bookingUid, string? reason = null, CancellationToken cancellationToken = default) =>
        BookingAsync("cancel booking", ct => api.CancelBookingAsync(bookingUid, new CancelBookingRequest(reason), ct), cancellationToken);

    /// <summary>Cal.com answers the NEW booking (a new uid); the old one is cancelled.</summary>
    public Task<CalComBooking> RescheduleBookingAsync(string bookingUid, RescheduleBookingRequest reschedule, CancellationToken cancellationToken = default) =>
        BookingAsync("reschedule booking", ct => api.RescheduleBookingAsync(bookingUid, reschedule, ct), cancellationToken);

    /// <summary>Round-robin reassignment: Cal.com picks the next available host.</summary>
    public async Task<CalComReassignment> ReassignBookingAsync(string bookingUid, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("reassign booking", ct => api.ReassignBookingAsync(bookingUid, ct), cancellationToken).ConfigureAwait(false), "reassign booking");

    public async Task<CalComReassignment> ReassignBookingToUserAsync(string bookingUid, int userId, string? reason = null, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("reassign booking",
            ct => api.ReassignBookingToUserAsync(bookingUid, userId, new ReassignBookingToUserRequest(reason), ct), cancellationToken).ConfigureAwait(false), "reassign booking");

    public Task<CalComBooking> ConfirmBookingAsync(string bookingUid, CancellationToken cancellationToken = default) =>
        BookingAsync("confirm booking", ct => api.ConfirmBookingAsync(bookingUid, ct), cancellationToken);

    public Task<CalComBooking> DeclineBookingAsync(string bookingUid, string? reason = null, CancellationToken cancellationToken = default) =>
        BookingAsync("decline booking", ct => api.DeclineBookingAsync(bookingUid, new DeclineBookingRequest(reason), ct), cancellationToken);

    public Task<CalComBooking> MarkAbsentAsync(string bookingUid, MarkAbsentRequest absence, CancellationToken cancellationToken = default) =>
        BookingAsync("mark absence", ct => api.MarkAbsentAsync(bookingUid, absence, ct), cancellationToken);

    /// <summary>Free slots (start and end) by day, in <paramref name="timeZone"/> (Cal.com's default: UTC).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CalComSlot>>> GetSlotsAsync(
        int eventTypeId, DateTimeOffset start, DateTimeOffset end, string? timeZone = null, string? bookingUidToReschedule = null,
        int? duration = null, CancellationToken cancellationToken = default)
    {
        // duration: one of a multi-length event type's lengthInMinutesOptions; Cal.com uses the default length without it.
        var answer = await CallAsync("read free slots",
            ct => api.GetSlotsAsync(CalComTime.Format(start), CalComTime.Format(end), eventTypeId, timeZone, "range", bookingUidToReschedule, duration, ct),
            cancellationToken).ConfigureAwait(false);
        return answer.Data ?? new Dictionary<string, IReadOnlyList<CalComSlot>>();
    }

    public async Task<CalComSlotReservation> ReserveSlotAsync(ReserveSlotRequest reservation, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("reserve slot", ct => api.ReserveSlotAsync(reservation, ct), cancellationToken).ConfigureAwait(false), "reserve slot");

    public Task<IReadOnlyList<CalComWebhook>> GetAllWebhooksAsync(CancellationToken cancellationToken = default) =>
        PageAsync("read webhooks", LargestPage, api.GetWebhooksAsync, cancellationToken);

    public async Task<CalComWebhook> CreateWebhookAsync(CreateWebhookRequest webhook, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("create webhook", ct => api.CreateWebhookAsync(webhook, ct), cancellationToken).ConfigureAwait(false), "create webhook");

    public Task<IReadOnlyList<CalComWebhook>> GetAllEventTypeWebhooksAsync(int eventTypeId, CancellationToken cancellationToken = default) =>
        PageAsync("read event type webhooks", LargestPage, (take, skip, ct) => api.GetEventTypeWebhooksAsync(eventTypeId, take, skip, ct), cancellationToken);

    public async Task<CalComWebhook> CreateEventTypeWebhookAsync(int eventTypeId, CreateWebhookRequest webhook, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("create event type webhook", ct => api.CreateEventTypeWebhookAsync(eventTypeId, webhook, ct), cancellationToken).ConfigureAwait(false), "create event type webhook");

    /// <summary>Webhooks of a team event type (default team: CalCom:TeamId); reading them needs a team admin's key.</summary>
    public Task<IReadOnlyList<CalComWebhook>> GetAllTeamEventTypeWebhooksAsync(int eventTypeId, int? teamId = null, CancellationToken cancellationToken = default)
    {
        var team = TeamOrThrow(teamId, "read team event type webhooks");
        return PageAsync("read team event type webhooks", LargestPage, (take, skip, ct) => api.GetTeamEventTypeWebhooksAsync(team, eventTypeId, take, skip, ct), cancellationToken);
    }

    public async Task<CalComWebhook> CreateTeamEventTypeWebhookAsync(int eventTypeId, CreateWebhookRequest webhook, int? teamId = null, CancellationToken cancellationToken = default)
    {
        var team = TeamOrThrow(teamId, "create team event type webhook");
        return Required(await CallAsync("create team event type webhook", ct => api.CreateTeamEventTypeWebhookAsync(team, eventTypeId, webhook, ct), cancellationToken).ConfigureAwait(false), "create team event type webhook");
    }

    public async Task<CalComWebhook> UpdateTeamEventTypeWebhookAsync(int eventTypeId, string webhookId, UpdateWebhookRequest webhook, int? teamId = null, CancellationToken cancellationToken = default)
    {
        var team = TeamOrThrow(teamId, "update team event type webhook");
        return Required(await CallAsync("update team event type webhook", ct => api.UpdateTeamEventTypeWebhookAsync(team, eventTypeId, webhookId, webhook, ct), cancellationToken).ConfigureAwait(false), "update team event type webhook");
    }

    private int TeamOrThrow(int? teamId, string operation) =>
        teamId ?? Options.TeamId ?? throw new CalComException("CalCom:TeamId is not configured", operation);

    public Task<IReadOnlyList<CalComWebhook>> GetAllOrganizationWebhooksAsync(int? organizationId = null, CancellationToken cancellationToken = default)
    {
        var orgId = organizationId ?? Options.OrganizationId
            ?? throw new CalComException("CalCom:OrganizationId is not configured", "read organization webhooks");
        return PageAsync("read organization webhooks", LargestPage, (take, skip, ct) => api.GetOrganizationWebhooksAsync(orgId, take, skip, ct), cancellationToken);
    }

    public async Task<CalComWebhook> CreateOrganizationWebhookAsync(CreateWebhookRequest webhook, int? organizationId = null, CancellationToken cancellationToken = default)
    {
        var orgId = organizationId ?? Options.OrganizationId
            ?? throw new CalComException("CalCom:OrganizationId is not configured", "create organization webhook");
        return Required(await CallAsync("create organization webhook", ct => api.CreateOrganizationWebhookAsync(orgId, webhook, ct), cancellationToken).ConfigureAwait(false), "create organization webhook");
    }

    private async Task<CalComBooking> BookingAsync(string operation, Func<CancellationToken, Task<CalComBookingsResponse>> call, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(operation, call, cancellationToken).ConfigureAwait(false);
        // A recurring booking answers all its occurrences; the first is the one asked about.
        return answer.Data is { Count: > 0 } bookings ? bookings[0] : throw NoData(operation);
    }

    /// <summary>
    /// Take/skip paging to the end. A short page is the last one. Cal.com's <c>hasNextPage</c> is <c>skip + take &lt; total</c>
    /// and that total may be an estimate (too low) or null for team admins, so it ends nothing on its own: a full page
    /// always asks for the next.
    /// </summary>
    private async Task<IReadOnlyList<T>> PageAsync<T>(
        string operation, int take, Func<int, int, CancellationToken, Task<CalComListResponse<T>>> fetchPage, CancellationToken cancellationToken,
        Action? onPage = null)
    {
        var all = new List<T>();
        for (var page = 0; page < MaxPages; page++)
        {
            var skip = all.Count;
            var answer = await CallAsync(operation, ct => fetchPage(take, skip, ct), cancellationToken).ConfigureAwait(false);
            var items = answer.Data ?? [];
            all.AddRange(items);
            onPage?.Invoke();
            if (items.Count < take) return all;
        }
        throw new CalComException($"Cal.com kept answering full pages after {MaxPages} pages", operation);
    }

    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not CalComException && !cancellationToken.IsCancellationRequested)
        {
            var failure = CalComFailures.From(ex, operation, connection.BaseUrl, Options.TotalTimeoutSeconds);
            // Cal.com's own message may quote attendees: log its code, and our text only when Cal.com said nothing.
            var reason = failure.StatusCode is null ? failure.Message : failure.CalComCode ?? "error answer";
            logger.LogWarning("Cal.com call to {Operation} failed with {Status}: {Reason}",
                operation, failure.StatusCode is { } status ? (int)status : null, reason);
            throw failure;
        }
    }

    private static T Required<T>(CalComResponse<T> answer, string operation) => answer.Data ?? throw NoData(operation);

    private static CalComException NoData(string operation) => new("Cal.com answered without data", operation);
}
