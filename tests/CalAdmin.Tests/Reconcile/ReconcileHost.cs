using System.Net;
using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Reconcile;

/// <summary>
/// The real CalAdmin host (webhook endpoint, inbox, reconciliation, booking actions) talking over HTTP to a sandbox the
/// test owns, so the sandbox outlives a restart of the host. <paramref name="databasePath"/> lets a second host open the
/// first one's SQLite file, as a restarted server would.
/// </summary>
public sealed class ReconcileHost(SandboxServer sandbox, string? databasePath = null) : CalAdminFactory
{
    public SandboxServer Sandbox => sandbox;

    /// <summary>The database file this host uses (its own, or the one it was given).</summary>
    public string DatabaseFile => databasePath ?? DatabasePath;

    /// <summary>Set by <see cref="StartOnRealPort"/>: where Cal.com (the sandbox) can deliver webhooks to.</summary>
    public Uri? RealAddress { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Settings["CalCom:Mode"] = "Live";
        Settings["CalCom:BaseUrl"] = sandbox.BaseAddress.ToString();
        Settings["CalCom:ApiKey"] = sandbox.ApiKey;
        Settings["CalCom:TeamId"] = sandbox.State.Team.Id.ToString();
        Settings["CalCom:WebhookSecrets:0"] = WebhookClient.Secret;
        Settings["CalCom:RequestsPerMinute"] = "10000";
        Settings["CalCom:RetryBaseDelaySeconds"] = "0.01";
        Settings["CalCom:AttemptTimeoutSeconds"] = "5";
        base.ConfigureWebHost(builder);
        if (databasePath is not null) builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={databasePath}");
    }

    /// <summary>Listens on a loopback port, so the sandbox's own webhook deliveries reach the endpoint.</summary>
    public ReconcileHost StartOnRealPort()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        RealAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return this;
    }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public Reconciliation Reconciliation => Get<Reconciliation>();

    public CalComClient CalCom => Get<CalComClient>();

    /// <summary>The team synced and its bookings imported: the mirror as a running CalAdmin has it.</summary>
    public async Task SyncAndImportAsync()
    {
        Assert.True((await Get<TeamSync>().RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var import = await Get<BookingImport>().RunAsync(SyncTrigger.Startup);
        Assert.True(import.Run.Succeeded, import.Run.Error);
    }

    /// <summary>Subscribes every team event type's webhooks to <paramref name="url"/> (a dead address logs deliveries only).</summary>
    public async Task SubscribeAsync(string url = "http://127.0.0.1:9/webhooks/calcom")
    {
        foreach (var eventType in await CalCom.GetTeamEventTypesAsync())
            await CalCom.CreateTeamEventTypeWebhookAsync(eventType.Id, new CreateWebhookRequest(true, url, Triggers.Needed, WebhookClient.Secret));
    }

    public async Task<ReconcileRun> ReconcileAsync()
    {
        var outcome = await Reconciliation.RunAsync(SyncTrigger.Manual);
        Assert.False(outcome.Skipped);
        Assert.True(outcome.Run.Succeeded, outcome.Run.Error);
        return outcome.Run;
    }

    /// <summary>Hands a delivery the sandbox logged (sent or not) to /webhooks/calcom, signed, and waits until it is applied.</summary>
    public async Task DeliverLateAsync(string uid, string trigger)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var delivery = await Sandbox.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == trigger && d.Body.Contains(uid), cts.Token);
        using var client = CreateClient();
        Assert.True((await client.PostSignedAsync(delivery.Body)).IsSuccessStatusCode);
        await Services.GetRequiredService<InboxProcessor>().WaitForIdleAsync(cts.Token);
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A round-robin booking of the team, accepted and in the future, that Cal.com can move to another free host.</summary>
    public string ReassignableBooking(int skip = 0)
    {
        lock (Sandbox.State.Gate)
        {
            // No required booking question either: tests book again on the same event type with just an attendee, and
            // which booking comes first depends on the clock (the sandbox seeds around "now").
            var roundRobin = Sandbox.State.EventTypes.Where(e => e.SchedulingType == SchedulingTypes.RoundRobin && e.TeamId == Sandbox.State.Team.Id
                    && !e.RequiresConfirmation && !e.BookingFields.Any(f => f.Required))
                .Select(e => e.Id).ToHashSet();
            return Sandbox.State.Bookings
                .Where(b => roundRobin.Contains(b.EventTypeId) && b.Status == BookingStatuses.Accepted && b.Start > Sandbox.State.Now.AddDays(1))
                .OrderBy(b => b.Start).Skip(skip).First().Uid;
        }
    }

    /// <summary>The sandbox's /v2/bookings list requests since <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<SandboxRequest> BookingListRequests(DateTimeOffset since) =>
        Sandbox.State.RecentRequests.Where(r => r.Path == "/v2/bookings" && r.Method == "GET" && r.At >= since).ToList();
}
