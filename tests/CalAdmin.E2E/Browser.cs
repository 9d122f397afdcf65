using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>Debian's Chromium driven by Playwright; nothing is downloaded (see ../shared/design/stack-notes.md).</summary>
public sealed class Browser : IAsyncLifetime
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CALADMIN_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: apt-get install -y chromium (.ci/run does this).");
        playwright = await Playwright.CreateAsync();
        Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        playwright?.Dispose();
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> cspViolations = new();

    /// <summary>A browser context whose every page reports Content-Security-Policy refusals (see <see cref="CloseContextsAsync"/>).</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Instance.NewContextAsync(options);
        context.Page += (_, page) => page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                cspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return context;
    }

    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null) => await (await NewContextAsync(options)).NewPageAsync();

    /// <summary>
    /// Closing the pages ends their circuits, so the dashboard host stops at once instead of waiting for them. Every
    /// test class calls this when a test ends: a CSP refusal seen on any page fails that test here.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        foreach (var context in Instance.Contexts.ToList()) await context.CloseAsync();
        var violations = new List<string>();
        while (cspViolations.TryDequeue(out var violation)) violations.Add(violation);
        Assert.True(violations.Count == 0, "Content-Security-Policy refused something:\n" + string.Join("\n", violations));
    }

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CalAdmin.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}

public static class PageExtensions
{
    /// <summary>Signs in through the real Identity form and waits until the interactive dashboard is connected.</summary>
    public static async Task SignInAsync(this IPage page, Uri baseAddress, string email, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "/").ToString());
        await page.WaitForURLAsync("**/Account/Login**");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForCircuitAsync();
    }

    /// <summary>
    /// A prerendered button is clickable before the circuit attaches: wait for the interactive render, of the layout or,
    /// on a page rendered without a circuit (/bookings), of its live-reload island.
    /// </summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator(".mud-layout[data-interactive='true'], [data-live='on']").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
}
