using System.Text.Json;

namespace CalAdmin.Tests.Integrations.CalCom.Contract;

/// <summary>
/// Checks a JSON value against a contract schema: required properties, JSON types (null only where nullable or not
/// required), closed objects (additionalProperties: false, or every object when <c>closed</c>, for what CalAdmin sends),
/// properties that must be absent ({"not": {}}), following $ref, allOf, oneOf/anyOf (the best branch) and items.
/// </summary>
public static class SchemaCheck
{
    public static List<string> Problems(JsonElement schema, JsonElement value, string at, bool closed)
    {
        var problems = new List<string>();
        Walk(schema, value, at, closed, problems, 0);
        return problems;
    }

    private static void Walk(JsonElement schema, JsonElement value, string at, bool closed, List<string> problems, int depth)
    {
        if (depth > 40) return;
        schema = CalComContract.Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object) return;
        if (value.ValueKind == JsonValueKind.Null && Nullable(schema)) return;

        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray()) Walk(part, value, at, closed, problems, depth + 1);

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            List<string>? best = null;
            foreach (var branch in oneOf.EnumerateArray())
            {
                var branchProblems = new List<string>();
                Walk(branch, value, at, closed, branchProblems, depth + 1);
                if (best is null || branchProblems.Count < best.Count) best = branchProblems;
            }
            problems.AddRange(best ?? []);
        }

        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type is not null && !Nullable(schema)) problems.Add($"{at}: null, but the contract says {type}");
            return;
        }
        if (type is not null && !Matches(type, value))
        {
            problems.Add($"{at}: {Describe(value)}, but the contract says {type}");
            return;
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray()) Walk(items, item, $"{at}[{index++}]", closed, problems, depth + 1);
        }

        if (value.ValueKind != JsonValueKind.Object) return;
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!value.TryGetProperty(name, out _) && !MustBeAbsent(properties, name)) problems.Add($"{at}.{name}: required, missing");

        // additionalProperties: a schema (a map's values) or true opens the object whatever "closed" says; false closes it.
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        var open = hasAdditional ? additional.ValueKind is JsonValueKind.True or JsonValueKind.Object : !closed;
        foreach (var property in value.EnumerateObject())
        {
            if (additional.ValueKind == JsonValueKind.Object
                && !(properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out _)))
            {
                Walk(additional, property.Value, $"{at}.{property.Name}", closed, problems, depth + 1);
                continue;
            }
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                if (MustBeAbsent(properties, property.Name)) problems.Add($"{at}.{property.Name}: must not be sent (the contract says Cal.com never has it)");
                else if (property.Value.ValueKind == JsonValueKind.Null && !IsRequired(schema, property.Name)) continue;
                else Walk(propertySchema, property.Value, $"{at}.{property.Name}", closed, problems, depth + 1);
            }
            else if (!open && (properties.ValueKind == JsonValueKind.Object || hasAdditional))
                problems.Add($"{at}.{property.Name}: not in the contract's schema (closed object)");
        }
    }

    private static bool MustBeAbsent(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var s)
        && s.TryGetProperty("not", out var not) && not.ValueKind == JsonValueKind.Object && !not.EnumerateObject().Any();

    private static bool IsRequired(JsonElement schema, string name) =>
        schema.TryGetProperty("required", out var required) && required.EnumerateArray().Any(r => r.GetString() == name);

    private static bool Nullable(JsonElement schema) => schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
