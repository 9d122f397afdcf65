using System.Net;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>
/// The real CalAdmin host in Live mode, talking over HTTP to a sandbox server (<see cref="SandboxServer"/>) outside it,
/// so a test chooses the sandbox's behaviour and the sandbox outlives a restart of the host. More CalCom settings go in
/// through <see cref="CalAdminFactory.Settings"/> before the first client, as for the plain host.
/// </summary>
public class SandboxedCalAdminFactory : CalAdminFactory
{
    public const string PublicBaseUrl = "https://caladmin.example.com/";

    private readonly string? databasePath;
    private readonly bool ownsSandbox;

    /// <param name="apiKey">The key CalAdmin uses (the sandbox owner's when null).</param>
    /// <param name="databasePath">Another host's SQLite file, as a restarted server would open it.</param>
    /// <param name="ownsSandbox">Whether disposing this host disposes the sandbox too.</param>
    public SandboxedCalAdminFactory(SandboxServer sandbox, string? apiKey = null, string? databasePath = null, bool ownsSandbox = false)
    {
        Sandbox = sandbox;
        this.databasePath = databasePath;
        this.ownsSandbox = ownsSandbox;
        Settings["CalCom:Mode"] = "Live";
        Settings["CalCom:BaseUrl"] = sandbox.BaseAddress.ToString();
        Settings["CalCom:ApiKey"] = apiKey ?? sandbox.ApiKey;
        Settings["CalCom:TeamId"] = sandbox.State.Team.Id.ToString();
        Settings["CalCom:WebhookSecrets:0"] = WebhookClient.Secret;
        Settings["CalCom:RetryBaseDelaySeconds"] = "0.01";
    }

    /// <summary>A host with a sandbox of its own, started here because xunit builds a class fixture through its constructor.</summary>
    protected SandboxedCalAdminFactory(SandboxOptions options)
        : this(SandboxServer.StartAsync(options).GetAwaiter().GetResult(), ownsSandbox: true)
    {
    }

    /// <summary>
    /// A host with a sandbox of its own at <see cref="SandboxTestHost.Monday"/> (webhook delivery off, nothing subscribed
    /// at start) and <see cref="PublicBaseUrl"/>; <paramref name="role"/> is the team role of the key's user (OWNER, ADMIN, MEMBER).
    /// </summary>
    public static async Task<SandboxedCalAdminFactory> StartAsync(Action<SandboxOptions>? configure = null, string role = "OWNER",
        Action<Dictionary<string, string?>>? settings = null)
    {
        var options = new SandboxOptions { ApiKey = "cal_test_owner", TimeProvider = new ManualClock(SandboxTestHost.Monday), WebhookDeliveryEnabled = false };
        configure?.Invoke(options);
        var sandbox = await SandboxServer.StartAsync(options);
        var factory = new SandboxedCalAdminFactory(sandbox, role == "OWNER" ? null : sandbox.IssueKeyForRole(role), ownsSandbox: true);
        factory.Settings["CalAdmin:PublicBaseUrl"] = PublicBaseUrl;
        settings?.Invoke(factory.Settings);
        return factory;
    }

    public SandboxServer Sandbox { get; }

    /// <summary>The database file this host uses (its own, or the one it was given).</summary>
    public string DatabaseFile => databasePath ?? DatabasePath;

    /// <summary>Set by <see cref="StartOnRealPort"/>: where Cal.com (the sandbox) can deliver webhooks to.</summary>
    public Uri? RealAddress { get; private set; }

    public string WebhookUrl => PublicBaseUrl + "webhooks/calcom";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (databasePath is not null) builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={databasePath}");
    }

    /// <summary>Listens on a loopback port, so the sandbox's own webhook deliveries reach the endpoint.</summary>
    public SandboxedCalAdminFactory StartOnRealPort()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        RealAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return this;
    }

    /// <summary>Resolves <typeparamref name="T"/> in a new scope of the dashboard (the scope lives as long as the test).</summary>
    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>The ids of the sandbox team's event types.</summary>
    public IReadOnlyList<int> TeamEventTypeIds()
    {
        lock (Sandbox.State.Gate) return Sandbox.State.EventTypes.Where(e => e.TeamId == Sandbox.State.Team.Id).Select(e => e.Id).ToList();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsSandbox) await Sandbox.DisposeAsync();
    }
}
