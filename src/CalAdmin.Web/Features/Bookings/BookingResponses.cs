using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CalAdmin.Web.Features.Bookings;

public sealed record ResponseLine(string Label, string Value);

/// <summary>Cal.com's booking responses (form answers) as label/value text lines; never markup.</summary>
public static class BookingResponses
{
    public static IReadOnlyList<ResponseLine> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return [new ResponseLine("Responses", Text(doc.RootElement))];
            return doc.RootElement.EnumerateObject()
                .Select(p => new ResponseLine(Label(p.Name), Text(p.Value)))
                .Where(l => l.Value.Length > 0)
                .ToList();
        }
        catch (JsonException)
        {
            // Unreadable JSON is still shown, as the text it is.
            return [new ResponseLine("Responses", json)];
        }
    }

    /// <summary>"attendeePhoneNumber" → "Attendee phone number".</summary>
    public static string Label(string key)
    {
        var sb = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '_' or '-') { sb.Append(' '); continue; }
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(key[i - 1])) sb.Append(' ');
            sb.Append(sb.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text).Where(t => t.Length > 0)),
        // Cal.com's location answer is {"value": "...", "optionValue": "..."}; other objects become "key: value" pairs.
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject()
            .Select(p => (p.Name, Text: Text(p.Value)))
            .Where(p => p.Text.Length > 0)
            .Select(p => p.Name is "value" ? p.Text : string.Create(CultureInfo.InvariantCulture, $"{Label(p.Name)}: {p.Text}"))),
        _ => value.GetRawText(),
    };
}
