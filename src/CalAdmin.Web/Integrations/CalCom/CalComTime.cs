using System.Globalization;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>How instants travel to Cal.com: ISO 8601 in UTC with "Z", as its query parameters and bodies require.</summary>
public static class CalComTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : null;
}
