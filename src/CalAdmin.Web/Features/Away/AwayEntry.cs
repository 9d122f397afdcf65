namespace CalAdmin.Web.Features.Away;

/// <summary>
/// A Cal.com out-of-office entry of a host, mirrored: the host is away from <see cref="StartUtc"/> to <see cref="EndUtc"/>.
/// Cal.com redirects only new bookings (to <see cref="ToCalComUserId"/> when set); existing ones stay with the host.
/// </summary>
public class AwayEntry
{
    public int Id { get; set; }
    /// <summary>Cal.com's id of the entry (unique).</summary>
    public int CalComId { get; set; }
    public string? Uuid { get; set; }
    public int HostId { get; set; }
    public Host Host { get; set; } = null!;
    public int? ToCalComUserId { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    /// <summary>unspecified, vacation, travel, sick or public_holiday.</summary>
    public string? Reason { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
