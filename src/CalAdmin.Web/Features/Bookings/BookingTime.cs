namespace CalAdmin.Web.Features.Bookings;

/// <summary>Conversions between Cal.com's UTC instants and days in a viewer's time zone.</summary>
public static class BookingTime
{
    /// <summary>The UTC instant at which <paramref name="day"/> starts in <paramref name="zone"/>.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a DST change is taken as the first valid instant after it.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(utc, zone));

    public static TimeZoneInfo FindOrUtc(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"Tue 4 Mar 2025, 09:30–10:00" in the given zone.</summary>
    public static string Span(DateTime startUtc, DateTime endUtc, TimeZoneInfo zone)
    {
        var start = ToLocal(startUtc, zone);
        var end = ToLocal(endUtc, zone);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return start.Date == end.Date
            ? $"{start.ToString("ddd d MMM yyyy, HH:mm", culture)}–{end.ToString("HH:mm", culture)}"
            : $"{start.ToString("ddd d MMM yyyy, HH:mm", culture)} – {end.ToString("ddd d MMM yyyy, HH:mm", culture)}";
    }
}

/// <summary>
/// The time zone this viewer reads times in: one per circuit (scoped), starting at <c>CalAdmin:TimeZone</c>.
/// The list, calendar and details share it, so a choice made on one page holds on the others.
/// </summary>
public sealed class ViewerTimeZone(Microsoft.Extensions.Options.IOptions<Infrastructure.CalAdminOptions> options)
{
    private string? chosen;

    public string BusinessZoneId => options.Value.TimeZone;
    public string Id => chosen ?? BusinessZoneId;
    public TimeZoneInfo Zone => BookingTime.FindOrUtc(Id);
    public bool IsBusinessZone => Id == BusinessZoneId;
    /// <summary>The zone pickers' help: whether this is the business's zone, or which one that is.</summary>
    public string Description => IsBusinessZone ? "The business's zone" : $"Business zone: {BusinessZoneId}";

    public event Action? Changed;

    /// <summary>Sets the zone when <paramref name="id"/> is a known IANA id; returns whether it changed.</summary>
    public bool Set(string? id)
    {
        if (id is null || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _) || id == Id) return false;
        chosen = id;
        Changed?.Invoke();
        return true;
    }

    private static string[]? allIds;

    /// <summary>The IANA ids this server knows, for the picker.</summary>
    public static IReadOnlyList<string> AllIds => allIds ??= TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Append("UTC").Distinct().Order(StringComparer.Ordinal).ToArray();
}
