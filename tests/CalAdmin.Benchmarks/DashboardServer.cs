using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CalAdmin.Benchmarks;

/// <summary>A server process the benchmark starts and measures from outside: the real dashboard, or the baseline.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    public Uri BaseAddress { get; }
    public int ProcessId => process.Id;

    private ServerProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The shipped dashboard, <c>CalAdmin.Web.dll</c>, as its own process.</summary>
    public static Task<ServerProcess> StartDashboardAsync(string workDir, IDictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(Measure.RepoRoot(), "src", "CalAdmin.Web", "bin", configuration, "net10.0", "CalAdmin.Web.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--contentRoot", Path.GetDirectoryName(dll)!]) { WorkingDirectory = workDir };
        return StartAsync(DashboardEnvironment(start, workDir, environment), @"CalAdmin is running at (http://127\.0\.0\.1:\d+)");
    }

    /// <summary>
    /// The same dashboard, hosted by this benchmark program in its "dashboard" role (its own process too), with the
    /// measuring endpoints of <see cref="InstrumentedDashboard"/> that the shipped app does not have.
    /// </summary>
    public static Task<ServerProcess> StartInstrumentedDashboardAsync(string workDir, IDictionary<string, string> environment)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "CalAdmin.Benchmarks.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", self, "dashboard"]) { WorkingDirectory = workDir };
        return StartAsync(DashboardEnvironment(start, workDir, environment), @"CalAdmin is running at (http://127\.0\.0\.1:\d+)");
    }

    private static ProcessStartInfo DashboardEnvironment(ProcessStartInfo start, string workDir, IDictionary<string, string> environment)
    {
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        // Development serves the static web assets (Blazor's script, MudBlazor) from the build output, as `dotnet run` does.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(workDir, "caladmin.db")}";
        start.Environment["Serilog__WriteTo__1__Args__path"] = Path.Combine(workDir, "logs", "caladmin-.log");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    /// <summary>This benchmark program itself in its baseline-server role.</summary>
    public static Task<ServerProcess> StartBaselineAsync(string database, string secret)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "CalAdmin.Benchmarks.dll");
        return StartAsync(new ProcessStartInfo("dotnet", ["exec", self, "baseline-server", database, secret]), @"Baseline listening at (http://127\.0\.0\.1:\d+)");
    }

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo start, string readyPattern)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Regex.Match(line, readyPattern) is { Success: true } m)
            {
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
                _ = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is not null) { } });
                return new ServerProcess(process, new Uri(m.Groups[1].Value));
            }
        }
        throw new InvalidOperationException("The server never said it was ready: " + await process.StandardError.ReadToEndAsync());
    }

    /// <summary>The server process's private bytes and working set, as the OS reports them now.</summary>
    public (long PrivateBytes, long WorkingSet) Memory()
    {
        process.Refresh();
        return (process.PrivateMemorySize64, process.WorkingSet64);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
