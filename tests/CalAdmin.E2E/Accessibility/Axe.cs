using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace CalAdmin.E2E.Accessibility;

/// <summary>One rule axe-core found broken on a page, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string? Impact, string Help, IReadOnlyList<AxeNode> Nodes);

public sealed record AxeNode(string Target, string Html);

/// <summary>
/// axe-core 4 (vendored beside this file with its licence: nothing is downloaded at test time), run in the page on the
/// WCAG 2.0/2.1 A and AA rules.
/// </summary>
public static class Axe
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Source = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js")));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string RunScript = """
        async (tags) => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return JSON.stringify(result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '), html: n.html }))
          })));
        }
        """;

    /// <summary>
    /// Evaluated through the DevTools protocol rather than as a script element: the app's Content-Security-Policy
    /// refuses inline scripts, and this way the policy stays on for the page under test.
    /// </summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(Source.Value);
        var json = await page.EvaluateAsync<string>(RunScript, WcagTags);
        return JsonSerializer.Deserialize<List<AxeViolation>>(json, Json)!;
    }

    /// <summary>A list a person can act on: where, as whom, which rule, how bad, which element, what it looks like.</summary>
    public static string Describe(string where, IEnumerable<AxeViolation> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
            foreach (var node in violation.Nodes)
                text.Append(where).Append(" | ").Append(violation.Id).Append(" (").Append(violation.Impact).Append("): ")
                    .Append(violation.Help).Append("\n    at ").Append(node.Target)
                    .Append("\n    ").Append(node.Html.Length > 200 ? node.Html[..200] + "…" : node.Html).Append('\n');
        return text.ToString();
    }
}
