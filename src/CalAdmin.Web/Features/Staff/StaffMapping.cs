namespace CalAdmin.Web.Features.Staff;

/// <summary>Links a staff member to a user of an external system (today only Cal.com).</summary>
public class StaffMapping
{
    public const string CalComSystem = "calcom";

    public int Id { get; set; }
    public int StaffId { get; set; }
    public StaffMember Staff { get; set; } = null!;
    public string ExternalSystem { get; set; } = CalComSystem;
    /// <summary>The external user's id as text (Cal.com user id).</summary>
    public required string ExternalId { get; set; }
    public string? ExternalUsername { get; set; }
    public MappingMethod Method { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Changes on every write, so two admins editing one mapping cannot silently overwrite each other.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

public enum MappingMethod
{
    Manual = 0,
    AutoByEmail = 1,
    CreatedFromWebhook = 2,
}
