namespace CalAdmin.Tests;

/// <summary>Where the repository and the shared reference material (../shared beside the repo) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/calcom from the repository root: the OpenAPI spec, docs and webhook payloads.</summary>
    public static string CalComReference => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "calcom"));

    public static string OpenApiSpec => Path.Combine(CalComReference, "openapi-v2.json");

    public static string WebhookPayloads => Path.Combine(CalComReference, "webhook-payloads");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CalAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException("CalAdmin.sln not found above " + AppContext.BaseDirectory);
    }
}
