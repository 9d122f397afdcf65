using CalAdmin.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Stand-alone sandbox: dotnet run --project src/CalAdmin.Sandbox --urls http://127.0.0.1:5080 [--Sandbox:ApiKey cal_...]
// Settings come from environment variables (Sandbox__ApiKey, Sandbox__TeamSize, ...) and the command line.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = new SandboxOptions();
configuration.GetSection(SandboxOptions.SectionName).Bind(options);
var url = configuration["urls"] ?? "http://127.0.0.1:5080";

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using var server = await SandboxServer.StartAsync(options, url, loggerFactory);
Console.WriteLine($"Cal.com sandbox listening on {server.BaseAddress}");
Console.WriteLine($"API key: {server.ApiKey} (team owner)");
foreach (var (role, key) in options.KeysByRole) Console.WriteLine($"API key of a team {role.ToUpperInvariant()}: {key}");
Console.WriteLine($"Team {server.State.Team.Id} ({server.State.Users.Count} members), organization {server.State.Organization.Id}. Ctrl+C to stop.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C: fall through to dispose the server.
}
