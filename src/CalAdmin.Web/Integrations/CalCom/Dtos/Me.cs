namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>The Cal.com user the API key belongs to.</summary>
public sealed record CalComMe(
    int Id,
    string? Username,
    string? Email,
    string? Name,
    string? TimeZone,
    string? WeekStart,
    int? TimeFormat,
    int? DefaultScheduleId,
    int? OrganizationId,
    CalComMeOrganization? Organization);

public sealed record CalComMeOrganization(int Id, bool IsPlatform);
