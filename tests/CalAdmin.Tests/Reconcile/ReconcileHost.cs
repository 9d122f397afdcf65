using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Reconcile;

/// <summary>
/// The sandboxed host with reconciliation's own steps (sync and import, subscribe, reconcile, a late delivery, a
/// reassignable booking); a subclass only because it raises the rate limit and shortens the attempt timeout.
/// </summary>
public sealed class ReconcileHost : SandboxedCalAdminFactory
{
    public ReconcileHost(SandboxServer sandbox, string? databasePath = null) : base(sandbox, databasePath: databasePath)
    {
        Settings["CalCom:RequestsPerMinute"] = "10000";
        Settings["CalCom:AttemptTimeoutSeconds"] = "5";
    }

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
