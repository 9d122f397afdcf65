namespace CalAdmin.Sandbox.Model;

/// <summary>
/// An out-of-office entry of a Cal.com user (Cal.com's OutOfOfficeEntry): the user is away from <see cref="Start"/>
/// to <see cref="End"/>; new bookings may be redirected to <see cref="ToUserId"/>. Existing bookings stay where they are.
/// </summary>
public sealed class SandboxOutOfOffice
{
    public required int Id { get; init; }
    public required string Uuid { get; init; }
    public required int UserId { get; init; }
    public int? ToUserId { get; set; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }
    public string? Notes { get; set; }
    /// <summary>unspecified, vacation, travel, sick or public_holiday (the API's names).</summary>
    public string Reason { get; set; } = "unspecified";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Covers(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}
