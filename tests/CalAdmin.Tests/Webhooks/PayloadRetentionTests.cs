using System.Security.Claims;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Webhooks;

/// <summary>Webhook payloads (personal data) are kept CalAdmin:Webhooks:KeepPayloadDays, then removed; the rows stay.</summary>
public sealed class PayloadRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);
    private readonly CalAdminFactory factory = new();

    [Fact]
    public async Task Payloads_older_than_the_setting_are_removed_in_batches_and_newer_or_unapplied_ones_kept_with_every_row()
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var old = Now.UtcDateTime.AddDays(-31);
        var recent = Now.UtcDateTime.AddDays(-29);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // More old ones than one batch holds, so the purge has to go round.
            for (var i = 0; i < PayloadPurge.BatchSize + 3; i++) db.WebhookDeliveries.Add(Delivery($"old-{i}", old, DeliveryOutcome.Applied));
            db.WebhookDeliveries.Add(Delivery("old-waiting", old, DeliveryOutcome.Waiting));
            db.WebhookDeliveries.Add(Delivery("old-pending", old, DeliveryOutcome.Pending));
            db.WebhookDeliveries.Add(Delivery("recent", recent, DeliveryOutcome.Applied));
            await db.SaveChangesAsync();
        }
        var purge = new PayloadPurge(dbFactory, factory.Services.GetRequiredService<WriteGate>(),
            Options.Create(new PayloadRetentionOptions { KeepPayloadDays = 30 }), new FixedClock(Now), NullLogger<PayloadPurge>.Instance);

        Assert.Equal(PayloadPurge.BatchSize + 3, await purge.RunAsync(CancellationToken.None));
        Assert.Equal(0, await purge.RunAsync(CancellationToken.None));

        await using var read = await dbFactory.CreateDbContextAsync();
        var rows = await read.WebhookDeliveries.ToDictionaryAsync(d => d.BookingUid!, d => d);
        Assert.Equal(PayloadPurge.BatchSize + 6, rows.Count);
        Assert.All(rows.Values.Where(d => d.BookingUid!.StartsWith("old-") && d.Outcome == DeliveryOutcome.Applied), d =>
        {
            Assert.Equal("", d.RawBody);
            Assert.Equal("BOOKING_CREATED", d.Trigger);
            Assert.Equal("key-" + d.BookingUid, d.DedupKey);
        });
        foreach (var kept in new[] { "old-waiting", "old-pending", "recent" })
            Assert.Contains(kept, rows[kept].RawBody);
    }

    [Fact]
    public async Task Replay_of_a_purged_delivery_says_its_payload_is_gone()
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        long id;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var delivery = Delivery("gone", Now.UtcDateTime.AddDays(-200), DeliveryOutcome.Applied);
            delivery.RawBody = PayloadPurge.Purged;
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            id = delivery.Id;
        }
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        await using var scope = factory.Services.CreateAsyncScope();

        var error = await Assert.ThrowsAsync<PayloadPurgedException>(() => scope.ServiceProvider.GetRequiredService<DeliveryLog>().ReplayAsync(admin, id));

        Assert.Contains("KeepPayloadDays", error.Message);
        await using var read = await dbFactory.CreateDbContextAsync();
        Assert.Equal(DeliveryOutcome.Applied, (await read.WebhookDeliveries.SingleAsync(d => d.Id == id)).Outcome);
    }

    [Fact]
    public void The_purge_is_a_daily_recurring_job()
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = connection.GetRecurringJobs().Single(j => j.Id == PayloadPurgeJob.RecurringJobId);

        Assert.Equal((Cron.Daily(3), typeof(PayloadPurgeJob)), (job.Cron, job.Job.Type));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("soon")]
    public async Task Keep_payload_days_below_one_stops_startup_naming_the_setting(string value)
    {
        await using var bad = new CalAdminFactory();
        bad.Settings["CalAdmin:Webhooks:KeepPayloadDays"] = value;

        var error = Assert.ThrowsAny<Exception>(() => bad.Server);

        Assert.Contains("CalAdmin:Webhooks:KeepPayloadDays must be", Assert.IsType<InvalidSettingsException>(error.GetBaseException()).Message);
    }

    private static WebhookDelivery Delivery(string uid, DateTime receivedAt, DeliveryOutcome outcome) => new()
    {
        ReceivedAt = receivedAt,
        Trigger = "BOOKING_CREATED",
        BookingUid = uid,
        DedupKey = "key-" + uid,
        RawBody = $$$"""{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"{{{uid}}}","attendees":[{"email":"person@example.com"}]}}""",
        Outcome = outcome,
        ProcessedAt = outcome is DeliveryOutcome.Pending or DeliveryOutcome.Waiting ? null : receivedAt,
    };

    public Task InitializeAsync()
    {
        // No applier: the pending and waiting rows above must stay as they are.
        factory.Settings["CalAdmin:Webhooks:ApplyDeliveries"] = "false";
        factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
