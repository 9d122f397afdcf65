using System.Security.Claims;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>
/// The sandboxed host with a sandbox of its own (60 bookings, no rate limit) and the booking actions' helpers. The sandbox
/// cannot reach a TestServer, so its webhooks are subscribed to a dead address with delivery off, and the tests hand the
/// logged, signed bodies to /webhooks/calcom; a subclass for that subscription and those helpers.
/// </summary>
public sealed class ActionsHost() : SandboxedCalAdminFactory(new SandboxOptions
    { TimeProvider = TestClock.Provider, RateLimitPerMinute = 100_000, BookingCount = 60, WebhookDeliveryEnabled = false }), IAsyncLifetime
{
    public int EventTypeId(string slug)
    {
        lock (Sandbox.State.Gate) return Sandbox.State.EventTypes.First(e => e.Slug == slug && e.ParentEventTypeId is null).Id;
    }

    public async Task InitializeAsync()
    {
        CreateClient().Dispose();
        await using var scope = Services.CreateAsyncScope();
        var calCom = scope.ServiceProvider.GetRequiredService<CalComClient>();
        foreach (var eventType in await calCom.GetTeamEventTypesAsync())
            await calCom.CreateTeamEventTypeWebhookAsync(eventType.Id,
                new CreateWebhookRequest(true, "http://127.0.0.1:9/webhooks/calcom", Triggers.Needed, WebhookClient.Secret));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public static ClaimsPrincipal Actor(string role, string name = "office@test.local") =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.NameIdentifier, "u-" + name), new Claim(ClaimTypes.Role, role)], "test"));

    /// <summary>The next free slot of the event type, from Cal.com's slots (skipping <paramref name="skip"/> slots).</summary>
    public async Task<DateTimeOffset> FreeSlotAsync(int eventTypeId, int skip = 0, string? rescheduleUid = null)
    {
        var days = await Get<BookingChoices>().SlotsAsync(eventTypeId, DateOnly.FromDateTime(TestClock.UtcNow.AddDays(1)), 14, TimeZoneInfo.Utc, rescheduleUid);
        return days.SelectMany(d => d.Slots).Skip(skip).First().Start;
    }

    /// <summary>Hands every delivery the sandbox logged for the booking (so far) to the dashboard, and waits until applied.</summary>
    public async Task ForwardWebhooksAsync(string uid, string trigger)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Sandbox.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == trigger && d.Body.Contains(uid), cts.Token);
        using var client = CreateClient();
        foreach (var delivery in Sandbox.Webhooks.Deliveries.Where(d => d.Body.Contains(uid)).OrderBy(d => d.Sequence))
            Assert.True((await client.PostSignedAsync(delivery.Body)).IsSuccessStatusCode);
        await Services.GetRequiredService<InboxProcessor>().WaitForIdleAsync(cts.Token);
    }

    public int Requests(string path) => Sandbox.State.RequestsByPath.GetValueOrDefault(path);

    /// <summary>A booking of the event type made through CalAdmin (at its <paramref name="skip"/>th free slot); its uid.</summary>
    public async Task<string> BookAsync(string slug, int skip = 0, DateTimeOffset? at = null)
    {
        var id = EventTypeId(slug);
        var request = new NewBooking(id, at ?? await FreeSlotAsync(id, skip), "Grace Hopper", $"guest-{Guid.NewGuid():N}@example.com", "Europe/Berlin");
        var result = await Get<BookingCommands>().CreateAsync(Actor(Web.Features.Users.Roles.Staff), request);
        Assert.True(result.Succeeded, result.Message);
        return result.BookingUid!;
    }

    public Task<Web.Features.Bookings.Booking?> RowAsync(string uid) => QueryAsync(db => db.Bookings.Include(b => b.Attendees)
        .Include(b => b.Hosts).ThenInclude(h => h.Host).AsNoTracking().FirstOrDefaultAsync(b => b.Uid == uid));

    public Task<List<Web.Features.Reassignments.Reassignment>> HistoryAsync(string uid) => QueryAsync(db => db.Reassignments
        .Include(r => r.FromHost).Include(r => r.ToHost).Where(r => r.Booking.Uid == uid).AsNoTracking().ToListAsync());
}
