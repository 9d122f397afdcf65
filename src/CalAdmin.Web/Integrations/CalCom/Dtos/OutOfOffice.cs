namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>An out-of-office entry (UserOooOutputDto): the user is away from start to end; new bookings may go to toUserId.</summary>
public sealed record CalComOutOfOffice(
    int Id,
    string? Uuid,
    int UserId,
    int? ToUserId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Notes,
    string? Reason);

/// <summary>
/// CreateOutOfOfficeEntryDto. Cal.com moves start to the start of its UTC day and end to the end of its UTC day;
/// <see cref="Reason"/> is one of <see cref="CalComOutOfOfficeReasons.All"/>.
/// </summary>
public sealed record CreateOutOfOfficeRequest(string Start, string End, string? Notes = null, int? ToUserId = null, string? Reason = null);

public static class CalComOutOfOfficeReasons
{
    public const string Unspecified = "unspecified";
    public const string Vacation = "vacation";
    public const string Travel = "travel";
    public const string Sick = "sick";
    public const string PublicHoliday = "public_holiday";

    public static readonly IReadOnlyList<string> All = [Unspecified, Vacation, Travel, Sick, PublicHoliday];
}
