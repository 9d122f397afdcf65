namespace CalAdmin.Web.Features.Staff;

/// <summary>One of the business's own people, known independently of Cal.com.</summary>
public class StaffMember
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    /// <summary>Trimmed, lower-case email: the key staff are matched on.</summary>
    public required string NormalizedEmail { get; set; }
    public string? Department { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
