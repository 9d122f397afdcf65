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
    IReadOnlyList<CalComEventTypeHost>? Hosts);

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
