using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Webhooks;

/// <summary>
/// The real dashboard host in Live mode against a sandbox started beside it, so a test chooses the sandbox's behaviour
/// (trigger list, roles) and the API key, and nothing subscribes on its own at start.
/// </summary>
public sealed class LiveSandbox : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://caladmin.example.com/";

    private LiveSandbox(SandboxServer sandbox, CalAdminFactory factory)
    {
        Sandbox = sandbox;
        Factory = factory;
    }

    public SandboxServer Sandbox { get; }
    public CalAdminFactory Factory { get; }

    /// <param name="role">The team role of the key's user: OWNER, ADMIN or MEMBER.</param>
    public static async Task<LiveSandbox> StartAsync(Action<SandboxOptions>? configure = null, string role = "OWNER",
        Action<Dictionary<string, string?>>? settings = null)
    {
        var options = new SandboxOptions { ApiKey = "cal_test_owner", TimeProvider = new ManualClock(SandboxTestHost.Monday), WebhookDeliveryEnabled = false };
        configure?.Invoke(options);
        var sandbox = await SandboxServer.StartAsync(options);
        var factory = new CalAdminFactory();
        factory.Settings["CalCom:Mode"] = "Live";
        factory.Settings["CalCom:BaseUrl"] = sandbox.BaseAddress.ToString();
        factory.Settings["CalCom:ApiKey"] = role == "OWNER" ? sandbox.ApiKey : sandbox.IssueKeyForRole(role);
        factory.Settings["CalCom:TeamId"] = "1001";
        factory.Settings["CalCom:WebhookSecrets:0"] = WebhookClient.Secret;
        factory.Settings["CalCom:RetryBaseDelaySeconds"] = "0.01";
        factory.Settings["CalAdmin:PublicBaseUrl"] = PublicBaseUrl;
        settings?.Invoke(factory.Settings);
        return new LiveSandbox(sandbox, factory);
    }

    public string WebhookUrl => PublicBaseUrl + "webhooks/calcom";

    /// <summary>Resolves <typeparamref name="T"/> in a new scope of the dashboard (the scope lives as long as the test).</summary>
    public T Get<T>() where T : notnull => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public IReadOnlyList<int> TeamEventTypeIds()
    {
        lock (Sandbox.State.Gate) return Sandbox.State.EventTypes.Where(e => e.TeamId == 1001).Select(e => e.Id).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
