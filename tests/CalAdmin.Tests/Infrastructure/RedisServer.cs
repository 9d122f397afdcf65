using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>) on a free loopback port, nothing saved to disk. It can be stopped and
/// started again on the same port, as an outage and its end look to CalAdmin.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private Process? process;

    private readonly string? password;

    private RedisServer(int port, string? password)
    {
        Port = port;
        this.password = password;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}" + (password is null ? "" : $",password={password}");

    /// <param name="password">When set, clients must authenticate (<c>requirepass</c>).</param>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} not found: apt-get install -y redis-server (.ci/run does this).");
        var server = new RedisServer(FreePort(), password);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (process is { HasExited: false }) return;
        process?.Dispose();
        string[] args = ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
        if (password is not null) args = [.. args, "--requirepass", password];
        var start = new ProcessStartInfo(Executable, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.Contains("Ready to accept connections")) ready.TrySetResult();
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(15)));
        if (started != ready.Task)
        {
            lock (output) throw new InvalidOperationException($"redis-server did not start on port {Port}:\n" + string.Join('\n', output));
        }
    }

    /// <summary>An outage: the server is killed, every connection to it drops.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
    }
}
