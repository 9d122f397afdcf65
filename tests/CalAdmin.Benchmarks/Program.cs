using CalAdmin.Benchmarks;

// Each benchmark prints its figures; none of them is a test (see README, "Benchmarks").
var name = args.FirstOrDefault() ?? "help";
return name switch
{
    "webhooks" => await WebhookBenchmark.RunAsync(args[1..]),
    "baseline-server" => await BaselineServer.RunAsync(args[1], args[2]),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/CalAdmin.Benchmarks -- <benchmark>");
    Console.WriteLine("  webhooks   deliveries/s and ack latency against the real host on SQLite, vs a baseline; webhook-to-screen with 20 pages");
    return 1;
}
