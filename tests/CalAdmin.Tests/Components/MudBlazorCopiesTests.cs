using System.Text.RegularExpressions;

namespace CalAdmin.Tests.Components;

/// <summary>
/// Issue 16: MudBlazor's markup is copied only where none of its components can draw it, and then in one shared
/// component per kind that names the MudBlazor version it follows. Everywhere else a MudBlazor component draws it.
/// </summary>
public sealed class MudBlazorCopiesTests
{
    /// <summary>The shared components that hold a copy of MudBlazor's markup, and what they copy.</summary>
    private static readonly Dictionary<string, string> Copies = new()
    {
        ["Components/Layout/NavMenu.razor"] = "MudNavMenu",
        ["Components/Shared/NativeField.razor"] = "MudTextField/MudSelect outlined",
        ["Components/Shared/PagerToolbar.razor"] = "MudDataGridPager",
        ["Components/Shared/LinkTabs.razor"] = "MudTabs",
    };

    private static readonly string Web = Path.Combine(TestPaths.RepoRoot, "src", "CalAdmin.Web");

    private static IEnumerable<string> RazorFiles() => Directory.EnumerateFiles(Web, "*.razor", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string Relative(string file) => Path.GetRelativePath(Web, file).Replace(Path.DirectorySeparatorChar, '/');

    [Fact]
    public void No_component_outside_the_shared_copies_writes_a_MudBlazor_class_by_hand()
    {
        var found = RazorFiles()
            .Where(f => !Copies.ContainsKey(Relative(f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Relative(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("class=\"mud-", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Hand-written MudBlazor classes (use its component, or one of the shared copies):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Each_shared_copy_names_the_MudBlazor_version_it_follows()
    {
        foreach (var (file, copied) in Copies)
        {
            var text = File.ReadAllText(Path.Combine(Web, file));
            Assert.True(Regex.IsMatch(text, @"MudBlazor \d+\.\d+\.\d+"), $"{file} (a copy of {copied}) does not name the MudBlazor version it follows");
            Assert.Contains("class=\"mud-", text);
        }
    }
}
