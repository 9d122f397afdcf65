namespace CalAdmin.Benchmarks;

public static class Measure
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return $"p50 {Percentile(sorted, 50),7:0.0} ms  p95 {Percentile(sorted, 95),7:0.0} ms  p99 {Percentile(sorted, 99),7:0.0} ms  (n={sorted.Count})";
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CalAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException("CalAdmin.sln not found");
    }
}
