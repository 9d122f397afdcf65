using CalAdmin.Benchmarks;

// One entry per benchmark; others add theirs here.
var benchmarks = new Dictionary<string, (string About, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["sync"] = ("Cal.com team sync of 1,000 and 5,000 members from the sandbox (issue 5)", SyncBenchmark.RunAsync),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.WriteLine("Usage: dotnet run -c Release --project tests/CalAdmin.Benchmarks -- <benchmark> [options]");
    foreach (var (name, (about, _)) in benchmarks) Console.WriteLine($"  {name,-12} {about}");
    return args.Length == 0 ? 0 : 2;
}
return await benchmark.Run(args[1..]);
