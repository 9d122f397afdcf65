using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// Reads a page's or an export's query string the way every filter does: a parameter given twice, or present but not
/// understood, becomes a problem that names it (the export answers 400 with them; the page shows them).
/// </summary>
public sealed class QueryParameters(string? queryString)
{
    private readonly Dictionary<string, StringValues> query = QueryHelpers.ParseQuery(queryString);

    public List<string> Problems { get; } = [];

    /// <summary>All problems in one sentence each, or null when there are none.</summary>
    public string? Error => Problems.Count == 0 ? null : string.Join(" ", Problems);

    /// <summary>The trimmed value, or null when absent or blank.</summary>
    public string? Get(string key)
    {
        if (!query.TryGetValue(key, out var values) || StringValues.IsNullOrEmpty(values)) return null;
        if (values.Count > 1) { Problems.Add($"'{key}' is given more than once."); return null; }
        return values.ToString().Trim() is { Length: > 0 } v ? v : null;
    }

    public DateOnly? Date(string key)
    {
        if (Get(key) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Problems.Add($"'{key}' must be a date written yyyy-MM-dd, not '{Shorten(text)}'.");
        return null;
    }

    public int? Id(string key)
    {
        if (Get(key) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        Problems.Add($"'{key}' must be a positive whole number (an id), not '{Shorten(text)}'.");
        return null;
    }

    /// <summary>The <c>tz</c> parameter: an IANA zone id this machine knows.</summary>
    public string? TimeZone()
    {
        if (Get("tz") is not { } tz) return null;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _)) return tz;
        Problems.Add($"'tz' must be an IANA time zone such as Europe/Berlin, not '{Shorten(tz)}'.");
        return null;
    }

    /// <summary>A bad value as quoted back in a message: at most 40 characters.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
