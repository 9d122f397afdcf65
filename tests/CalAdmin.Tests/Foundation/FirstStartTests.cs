using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CalAdmin.Tests.Foundation;

/// <summary>
/// What a newcomer sees: the built dashboard started with no configuration in an empty folder creates its
/// database, prints the URL and demo accounts, and answers /health — and the passwords never reach the log file.
/// </summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task Fresh_start_creates_the_database_prints_demo_users_and_is_healthy()
    {
        var workDir = Directory.CreateTempSubdirectory("caladmin-first-start-").FullName;
        var webDll = Path.Combine(TestPaths.RepoRoot, "src", "CalAdmin.Web", "bin", BuildConfiguration, "net10.0", "CalAdmin.Web.dll");
        Assert.True(File.Exists(webDll), $"Build the web project first: {webDll}");

        // The build output holds appsettings.json; the database and the log go to a folder of the test's own.
        var start = new ProcessStartInfo("dotnet", ["exec", webDll, "--contentRoot", Path.GetDirectoryName(webDll)!])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(workDir, "data", "caladmin.db")}";
        start.Environment["Serilog__WriteTo__1__Args__path"] = Path.Combine(workDir, "logs", "caladmin-.log");
        using var process = Process.Start(start)!;
        try
        {
            var output = new List<string>();
            string? url = null;
            var passwords = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (passwords.Count < 3 && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Add(line);
                if (Regex.Match(line, @"CalAdmin is running at (http://127\.0\.0\.1:\d+)") is { Success: true } m) url = m.Groups[1].Value;
                if (Regex.Match(line, @"^\s+(Admin|Manager|Staff)\s+\S+@caladmin\.local\s+(\S+)$") is { Success: true } p) passwords.Add(p.Groups[2].Value);
            }

            Assert.True(url is not null, "No URL printed:\n" + string.Join('\n', output));
            Assert.Equal(3, passwords.Count);
            Assert.True(File.Exists(Path.Combine(workDir, "data", "caladmin.db")));

            using var http = new HttpClient { BaseAddress = new Uri(url!) };
            var health = await http.GetAsync("/health");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);

            var logs = Directory.GetFiles(Path.Combine(workDir, "logs"));
            Assert.NotEmpty(logs);
            foreach (var log in logs)
            {
                var text = await ReadSharedAsync(log);
                Assert.Contains("Created 3 demo users", text);
                foreach (var password in passwords) Assert.DoesNotContain(password, text);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await new StreamReader(stream).ReadToEndAsync();
    }
}
