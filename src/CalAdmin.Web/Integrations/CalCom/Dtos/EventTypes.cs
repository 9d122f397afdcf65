namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>
/// An event type, personal or team. <see cref="SchedulingType"/> is roundRobin, collective or managed for team
/// event types (text: Cal.com adds kinds). Only what CalAdmin uses is read; unknown fields are ignored.
/// </summary>
public sealed record CalComEventType(
    int Id,
    string? Title,
    string? Slug,
    string? Description,
    int? LengthInMinutes,
    bool? Hidden,
    int? OwnerId,
    int? TeamId,
    int? ParentEventTypeId,
    string? SchedulingType,
    bool? AssignAllTeamMembers,
    IReadOnlyList<CalComEventTypeHost>? Hosts,
    IReadOnlyList<CalComBookingField>? BookingFields = null,
    CalComConfirmationPolicy? ConfirmationPolicy = null,
    bool? RequiresConfirmation = null,
    IReadOnlyList<int>? LengthInMinutesOptions = null)
{
    /// <summary>
    /// Cal.com (2024-06-14 and 2026-06-12) sends <c>confirmationPolicy</c> only: <c>{disabled: true}</c> when no
    /// confirmation is needed, <c>{type: "always"|"time", ...}</c> when it is. <c>requiresConfirmation</c> is read
    /// only from older answers that still carry it.
    /// </summary>
    public bool NeedsConfirmation => RequiresConfirmation ?? ConfirmationPolicy?.Required ?? false;
}

/// <summary>
/// One question of the booking form (2024-06-14 <c>bookingFields</c>): name, email, location, notes, phone, text, ...
/// Default fields (<see cref="IsDefault"/>) are answered by the attendee object, custom ones in bookingFieldsResponses.
/// </summary>
public sealed record CalComBookingField(
    string? Type,
    string? Slug,
    string? Label,
    bool? Required,
    bool? Hidden,
    string? Placeholder,
    bool? IsDefault);

/// <summary><c>{disabled: true}</c>, or <c>{type: "always"}</c> / <c>{type: "time", noticeThreshold}</c> (the latter only for bookings within the threshold).</summary>
public sealed record CalComConfirmationPolicy(string? Type, bool? Disabled = null, bool? BlockUnconfirmedBookingsInBooker = null)
{
    public bool Required => Disabled != true && Type is { Length: > 0 };
}

/// <summary>
/// A host of a team event type: <c>{userId, name, username, avatarUrl}</c>, plus <c>mandatory</c> and <c>priority</c>
/// (lowest..highest) for round robin. A managed event type's hosts are its children's owners. Cal.com never reports
/// host weights (output-team-event-types.service.ts), so there is no weight here.
/// </summary>
public sealed record CalComEventTypeHost(
    int UserId,
    string? Name,
    string? Username,
    string? AvatarUrl,
    bool? Mandatory,
    string? Priority);

public static class CalComSchedulingTypes
{
    public const string RoundRobin = "roundRobin";
    public const string Collective = "collective";
    public const string Managed = "managed";
}
