using Microsoft.Playwright;

namespace CalAdmin.Benchmarks;

/// <summary>Debian's Chromium (never a downloaded one) and a signed-in context on the dashboard.</summary>
public sealed class BenchmarkBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    public IBrowserContext Context { get; }

    /// <summary>The page that signed in, already connected to its circuit.</summary>
    public IPage First { get; }

    private BenchmarkBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage first)
    {
        this.playwright = playwright;
        this.browser = browser;
        Context = context;
        First = first;
    }

    public static async Task<BenchmarkBrowser> SignInAsync(Uri baseAddress, string email, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CALADMIN_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync();
        var first = await context.NewPageAsync();
        await first.GotoAsync(new Uri(baseAddress, "/Account/Login").ToString());
        await first.FillAsync("input[name='Input.Email']", email);
        await first.FillAsync("input[name='Input.Password']", password);
        await first.ClickAsync("#sign-in");
        await first.Locator(".mud-layout[data-interactive='true']").WaitForAsync();
        return new BenchmarkBrowser(playwright, browser, context, first);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
