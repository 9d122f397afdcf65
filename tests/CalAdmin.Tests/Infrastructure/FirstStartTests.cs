using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

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

        await using var dashboard = await DashboardProcess.StartAsync(workDir, expectedDemoUsers: 3);

        var passwords = dashboard.Output
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s+(Admin|Manager|Staff)\s+\S+@caladmin\.local\s+(\S+)$"))
            .Where(m => m.Success).Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(3, passwords.Count);
        Assert.True(File.Exists(Path.Combine(workDir, "data", "caladmin.db")));

        using var http = new HttpClient { BaseAddress = dashboard.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        var logs = Directory.GetFiles(Path.Combine(workDir, "logs"));
        Assert.NotEmpty(logs);
        foreach (var log in logs)
        {
            var text = await ReadSharedAsync(log);
            Assert.Contains("Created 3 demo users", text);
            foreach (var password in passwords) Assert.DoesNotContain(password, text);
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await new StreamReader(stream).ReadToEndAsync();
    }
}
