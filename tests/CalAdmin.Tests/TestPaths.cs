namespace CalAdmin.Tests;

/// <summary>
/// Where the repository and its test fixtures are. Tests read only inside the repository, so a clone with nothing
/// beside it runs them; the developers' shared/ folder is reference material for people (see Fixtures/CalCom/README.md).
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/CalAdmin.Tests/Fixtures/CalCom: the contract and Cal.com's example deliveries.</summary>
    public static string CalComFixtures => Path.Combine(RepoRoot, "tests", "CalAdmin.Tests", "Fixtures", "CalCom");

    /// <summary>The operations CalAdmin uses, per cal-api-version (generated from Cal.com's specs by make-contract.cs).</summary>
    public static string CalComContract => Path.Combine(CalComFixtures, "contract.json");

    /// <summary>One example delivery per trigger from Cal.com's webhooks guide (file name = trigger).</summary>
    public static string WebhookPayloads => Path.Combine(CalComFixtures, "webhook-payloads");

    /// <summary>Deliveries only the 2026 webhooks guide has (BOOKING_REASSIGNED, BOOKING_LOCATION_UPDATED).</summary>
    public static string WebhookPayloads2026 => Path.Combine(CalComFixtures, "webhook-payloads-2026");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CalAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException("CalAdmin.sln not found above " + AppContext.BaseDirectory);
    }
}
