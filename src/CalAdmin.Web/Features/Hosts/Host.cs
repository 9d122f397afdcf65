namespace CalAdmin.Web.Features.Hosts;

/// <summary>A Cal.com user on the team: someone who can host bookings.</summary>
public class Host
{
    public int Id { get; set; }
    public int CalComUserId { get; set; }
    public string? Username { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? NormalizedEmail { get; set; }
    public string? TimeZone { get; set; }
    /// <summary>MEMBER, ADMIN or OWNER as Cal.com names team roles.</summary>
    public string? TeamRole { get; set; }
    public string? AvatarUrl { get; set; }
    public bool Active { get; set; } = true;
    public DateTime? LastSeenBySyncAt { get; set; }
    /// <summary>Set when a webhook named a host no sync had seen; admins review these.</summary>
    public bool NeedsReview { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string DisplayName => Name ?? Username ?? Email ?? $"Cal.com user {CalComUserId}";
}
