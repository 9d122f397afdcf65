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
    IReadOnlyList<CalComEventTypeChild>? Children = null)
{
    /// <summary>The spec documents <c>confirmationPolicy</c>; older answers (and the sandbox) also say <c>requiresConfirmation</c>.</summary>
    public bool NeedsConfirmation => RequiresConfirmation ?? ConfirmationPolicy is not null;
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

public sealed record CalComConfirmationPolicy(string? Type);

/// <summary>A managed event type's per-host child (the one that is actually booked).</summary>
public sealed record CalComEventTypeChild(int Id, int? OwnerId);

/// <summary>
/// A host of a team event type. The spec types <c>hosts</c> as strings, but Cal.com answers objects
/// (userId, mandatory, priority, weight): the research notes and Cal.com's own examples agree.
/// </summary>
public sealed record CalComEventTypeHost(
    int UserId,
    string? Name,
    string? Username,
    string? AvatarUrl,
    bool? Mandatory,
    string? Priority,
    int? Weight);

public static class CalComSchedulingTypes
{
    public const string RoundRobin = "roundRobin";
    public const string Collective = "collective";
    public const string Managed = "managed";
}
