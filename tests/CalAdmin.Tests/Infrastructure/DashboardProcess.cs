using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>
/// The built dashboard as its own OS process, as `dotnet run` would start it, on a random loopback port, with its
/// database and log in a folder of the test's. Killing it is a real crash: no graceful shutdown.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process process;

    public Uri BaseAddress { get; }
    public IReadOnlyList<string> Output { get; }

    private DashboardProcess(Process process, Uri baseAddress, IReadOnlyList<string> output)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Output = output;
    }

    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(TestPaths.RepoRoot, "src", "CalAdmin.Web", "bin", configuration, "net10.0", "CalAdmin.Web.dll");
        }
    }

    /// <summary>Starts the dashboard and waits until it prints where it runs (and, on a new database, the demo accounts).</summary>
    public static async Task<DashboardProcess> StartAsync(string workDir, IDictionary<string, string>? environment = null, int expectedDemoUsers = 0)
    {
        Assert.True(File.Exists(WebDll), $"Build the web project first: {WebDll}");
        // The build output holds appsettings.json; the database and the log go to the test's folder.
        var start = new ProcessStartInfo("dotnet", ["exec", WebDll, "--contentRoot", Path.GetDirectoryName(WebDll)!])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(workDir, "data", "caladmin.db")}";
        start.Environment["Serilog__WriteTo__1__Args__path"] = Path.Combine(workDir, "logs", "caladmin-.log");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start)!;
        var output = new List<string>();
        string? url = null;
        var demoUsers = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while ((url is null || demoUsers < expectedDemoUsers) && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Add(line);
                if (Regex.Match(line, @"CalAdmin is running at (http://127\.0\.0\.1:\d+)") is { Success: true } m) url = m.Groups[1].Value;
                if (Regex.IsMatch(line, @"^\s+(Admin|Manager|Staff)\s+\S+@caladmin\.local\s+\S+$")) demoUsers++;
            }
        }
        catch (OperationCanceledException)
        {
        }
        if (url is null)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The dashboard printed no URL:\n" + string.Join('\n', output) + "\n" + await process.StandardError.ReadToEndAsync());
        }
        // Keep draining stdout so the process never blocks on a full pipe.
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
        return new DashboardProcess(process, new Uri(url!), output);
    }

    /// <summary>A crash: the process is killed at once, nothing is flushed or stopped gracefully.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
