namespace CalAdmin.Sandbox.Model;

/// <summary>A Cal.com user who is a member of the sandbox team (and of its organization).</summary>
public sealed class SandboxUser
{
    public required int Id { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public required string Username { get; set; }
    public required string TimeZone { get; set; }
    public required WorkingHours WorkingHours { get; set; }
    public string Role { get; set; } = "MEMBER";
    public bool Accepted { get; set; } = true;
    public int MembershipId { get; init; }
    public int OrgMembershipId { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
}

/// <summary>Weekly working hours in the user's own time zone (Cal.com's default schedule of a user).</summary>
public sealed record WorkingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    public static WorkingHours NineToFive { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(9, 0), new TimeOnly(17, 0));
}
