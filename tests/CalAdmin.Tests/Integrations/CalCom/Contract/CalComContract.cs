using System.Text.Json;
using System.Text.RegularExpressions;

namespace CalAdmin.Tests.Integrations.CalCom.Contract;

/// <summary>
/// Fixtures/CalCom/contract.json: the Cal.com operations CalAdmin uses, with one entry per <c>cal-api-version</c>
/// (x-calcom-versions; "none" = sent without the header). Finds the operation and version a concrete request
/// belongs to, and checks requests and answers against it.
/// </summary>
public static class CalComContract
{
    public const string NoVersion = "none";

    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.CalComContract)).RootElement.Clone());

    private static JsonElement Root => Document.Value;

    public static IEnumerable<(string Method, string Template, string Version)> Operations() =>
        from path in Root.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        from version in operation.Value.GetProperty("x-calcom-versions").EnumerateObject()
        select (operation.Name.ToUpperInvariant(), path.Name, version.Name);

    /// <summary>The contract entry of a request (e.g. GET /v2/bookings/abc with version 2024-08-13), or why there is none.</summary>
    public static (ContractOperation? Operation, string Problem) Find(string method, string path, string? version)
    {
        var candidates = Root.GetProperty("paths").EnumerateObject()
            .Where(p => TemplateRegex(p.Name).IsMatch(path))
            // A literal segment wins over a placeholder: /v2/bookings/x/cancel is not /v2/bookings/{uid}/{...}.
            .OrderBy(p => p.Name.Count(c => c == '{'))
            .ToList();
        if (candidates.Count == 0) return (null, $"{method} {path}: no operation with this path is in the contract (add it to contract.json)");
        var item = candidates[0];
        if (!item.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            return (null, $"{method} {path}: the contract has {item.Name} but not the method {method} (add it to contract.json)");
        var key = string.IsNullOrEmpty(version) ? NoVersion : version;
        var versions = operation.GetProperty("x-calcom-versions");
        if (!versions.TryGetProperty(key, out var entry))
            return (null, $"{method} {item.Name}: cal-api-version '{key}' is not one the contract documents ({string.Join(", ", versions.EnumerateObject().Select(v => v.Name))})");
        return (new ContractOperation(method.ToUpperInvariant(), item.Name, key, entry), "");
    }

    public static ContractOperation Get(string method, string template, string? version)
    {
        var (operation, problem) = Find(method, template, version);
        return operation ?? throw new InvalidOperationException(problem);
    }

    public static JsonElement Component(string name) => Root.GetProperty("components").GetProperty("schemas").GetProperty(name);

    internal static JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 20 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
            schema = Component(reference.GetString()!.Split('/')[^1]);
        return schema;
    }

    private static Regex TemplateRegex(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{\w+}", "[^/]+") + "$");
}

/// <summary>One operation in one version: its parameters, body and answers.</summary>
public sealed record ContractOperation(string Method, string Template, string Version, JsonElement Entry)
{
    public override string ToString() => $"{Method} {Template} ({Version})";

    public IReadOnlyList<(string Name, string In, bool Required)> Parameters =>
        Entry.GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True))
            .ToList();

    public JsonElement? RequestBody =>
        Entry.TryGetProperty("requestBody", out var body) ? body.GetProperty("content").GetProperty("application/json").GetProperty("schema") : null;

    public IEnumerable<int> Statuses => Entry.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name));

    public JsonElement? Response(int status) =>
        Entry.GetProperty("responses").TryGetProperty(status.ToString(), out var response)
        && response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
            ? json.GetProperty("schema") : null;

    /// <summary>What is wrong with an answer: an undocumented status, or a body that does not match the schema.</summary>
    public List<string> AnswerProblems(int status, JsonElement body)
    {
        if (Response(status) is not { } schema)
            return [$"{this}: status {status} is not documented (documented: {string.Join(", ", Statuses)})"];
        return SchemaCheck.Problems(schema, body, "$", closed: false);
    }
}
