using System.Globalization;

namespace CalAdmin.Web.Features.Calendar;

/// <summary>
/// The <c>CalAdmin:BusinessHours</c> section: the hours the business works, in <c>CalAdmin:TimeZone</c> (whole hours,
/// <c>HH:00</c>). The calendar shows them first; the rest of the day stays a scroll away.
/// </summary>
public sealed class BusinessHoursOptions
{
    public const string Section = "CalAdmin:BusinessHours";

    public string Start { get; set; } = "08:00";
    public string End { get; set; } = "18:00";

    public int StartHour => Hour(Start) ?? CalendarLayout.DefaultFirstHour;
    /// <summary>"24:00" is the end of the day.</summary>
    public int EndHour => Hour(End) ?? CalendarLayout.DefaultLastHour;

    public static IEnumerable<string> Validate(IConfiguration config)
    {
        var o = config.GetSection(Section).Get<BusinessHoursOptions>() ?? new BusinessHoursOptions();
        int? start = Hour(o.Start), end = Hour(o.End);
        if (start is null or > 23) yield return $"{Section}:Start must be a whole hour from 00:00 to 23:00, not '{o.Start}'.";
        if (end is null or < 1) yield return $"{Section}:End must be a whole hour from 01:00 to 24:00, not '{o.End}'.";
        else if (start is not null && end <= start) yield return $"{Section}:End ({o.End}) must be after {Section}:Start ({o.Start}).";
    }

    /// <summary>The hour of "HH:00" (00–24); null for anything else.</summary>
    private static int? Hour(string? text) =>
        text is { Length: 5 } && text.EndsWith(":00", StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and <= 24
            ? hour
            : null;
}
