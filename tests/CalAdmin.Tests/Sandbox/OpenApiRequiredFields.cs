using System.Text.Json;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// Walks the response schema Cal.com's OpenAPI spec gives an operation and lists the required fields a
/// response body lacks, following $ref, allOf, oneOf (any branch may match) and array items.
/// </summary>
internal static class OpenApiRequiredFields
{
    private static readonly Lazy<JsonElement> Spec = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.OpenApiSpec)).RootElement.Clone());

    public static List<string> Missing(string specPath, string method, int status, JsonElement body)
    {
        var operation = Spec.Value.GetProperty("paths").GetProperty(specPath).GetProperty(method.ToLowerInvariant());
        var schema = operation.GetProperty("responses").GetProperty(status.ToString())
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var missing = new List<string>();
        Walk(schema, body, "$", missing, depth: 0);
        return missing;
    }

    /// <summary>The schema of a named component, for bodies whose documented schema is known to be wrong.</summary>
    public static List<string> MissingForComponent(string component, JsonElement body)
    {
        var missing = new List<string>();
        Walk(Component(component), body, "$", missing, depth: 0);
        return missing;
    }

    private static JsonElement Component(string name) => Spec.Value.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
            schema = Component(reference.GetString()!.Split('/').Last());
        return schema;
    }

    private static void Walk(JsonElement schema, JsonElement value, string at, List<string> missing, int depth)
    {
        if (depth > 12 || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return;
        schema = Resolve(schema);

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray()) Walk(part, value, at, missing, depth + 1);
            return;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            List<string>? best = null;
            foreach (var branch in oneOf.EnumerateArray())
            {
                var branchMissing = new List<string>();
                Walk(branch, value, at, branchMissing, depth + 1);
                if (best is null || branchMissing.Count < best.Count) best = branchMissing;
            }

            missing.AddRange(best ?? []);
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray()) Walk(items, item, $"{at}[{index++}]", missing, depth + 1);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object) return;
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!value.TryGetProperty(name, out _)) missing.Add($"{at}.{name}");

        if (schema.TryGetProperty("properties", out var properties))
            foreach (var property in properties.EnumerateObject())
                if (value.TryGetProperty(property.Name, out var child))
                    Walk(property.Value, child, $"{at}.{property.Name}", missing, depth + 1);
    }
}
