namespace CalAdmin.Web.Integrations.CalCom.Dtos;

public sealed record CalComTeam(
    int Id,
    string? Name,
    string? Slug,
    int? ParentId,
    bool IsOrganization,
    bool? IsPrivate,
    string? TimeZone);

/// <summary>A user's membership of a team; <see cref="Role"/> is MEMBER, ADMIN or OWNER (kept as text: Cal.com may add roles).</summary>
public sealed record CalComMembership(
    int Id,
    int UserId,
    int TeamId,
    bool Accepted,
    string? Role,
    bool? DisableImpersonation,
    CalComMembershipUser? User);

public sealed record CalComMembershipUser(string? Email, string? Username, string? Name, string? AvatarUrl);

public static class CalComMembershipRoles
{
    public const string Member = "MEMBER";
    public const string Admin = "ADMIN";
    public const string Owner = "OWNER";
}

/// <summary>A user of a Cal.com organization.</summary>
public sealed record CalComOrganizationUser(
    int Id,
    string? Email,
    string? Username,
    string? Name,
    string? TimeZone,
    string? WeekStart,
    string? AvatarUrl,
    DateTimeOffset? CreatedDate);
