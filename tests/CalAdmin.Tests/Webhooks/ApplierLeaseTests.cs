using System.Net;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Webhooks;

/// <summary>
/// Several servers: every one acknowledges, only the holder of the applier lease applies. Here another "server" holds
/// the lease (a row in the same database), then lets it go.
/// </summary>
public sealed class ApplierLeaseTests : IAsyncLifetime
{
    private readonly WebhookHost host = new();

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:Webhooks:ExclusiveApplier"] = "true";
        // This server may be in its first pass (holding the lease briefly): B takes the row over, as an expired lease would be.
        var until = TestClock.UtcNow.AddMinutes(5);
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT OR REPLACE INTO JobLeases (Name, Holder, ExpiresAt) VALUES ({ApplierLease.Name}, {"server-b"}, {until})"));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_server_acknowledges_while_another_applies_and_applies_itself_once_the_lease_is_free()
    {
        var body = File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "booking_created.json"));
        var response = await host.CreateClient().PostSignedAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // While server B holds the lease this server only stores: B applies everyone's rows.
        await Eventually.HoldsAsync(async () =>
            Assert.Equal(DeliveryOutcome.Pending, await host.QueryAsync(db => db.WebhookDeliveries.Select(d => d.Outcome).SingleAsync())),
            TimeSpan.FromSeconds(1));

        // B stops (its lease is released): this server takes it and applies what waits, without a new delivery.
        await host.QueryAsync(db => db.JobLeases.Where(l => l.Holder == "server-b").ExecuteDeleteAsync());
        await Eventually.TrueAsync(async () => await host.QueryAsync(db => db.WebhookDeliveries.Select(d => d.Outcome).SingleAsync()) != DeliveryOutcome.Pending,
            "the waiting delivery applied after the lease was free");
        Assert.Equal(1, await host.QueryAsync(db => db.Bookings.CountAsync(b => b.Uid == "unique-booking-id")));
        // And the lease is given back once the pass ends (the applier finishes its pass after the row flips), for
        // whichever server has work next.
        await Eventually.TrueAsync(async () => await host.QueryAsync(db => db.JobLeases.CountAsync(l => l.Name == ApplierLease.Name)) == 0,
            "the applier lease given back after the pass");
    }
}
