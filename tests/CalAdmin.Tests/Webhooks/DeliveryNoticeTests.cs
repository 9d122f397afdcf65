using System.Net;
using CalAdmin.Web.Features.Bookings.Live;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Webhooks;

/// <summary>
/// The notices an applied delivery publishes: a booking's page refreshes once for it (for the bookings notice), not again
/// for the webhooks notice that follows, whose delivery its read already shows.
/// </summary>
public sealed class DeliveryNoticeTests : IAsyncLifetime
{
    private readonly WebhookHost host = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = host.CreateBrowserClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_applied_delivery_concerns_its_bookings_page_once()
    {
        var notices = new List<ChangeNotice>();
        using var _ = host.Services.GetRequiredService<IChangeFeed>().Subscribe(n => { lock (notices) notices.Add(n); return Task.CompletedTask; });

        var body = File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "booking_created.json"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostSignedAsync(body)).StatusCode);
        await host.WaitForIdleAsync();
        await Eventually.TrueAsync(() => { lock (notices) return notices.Any(n => n.Topic == ChangeNotice.Webhooks); }, "a webhooks notice");

        ChangeNotice bookings, webhooks;
        lock (notices) (bookings, webhooks) = (notices.Single(n => n.Topic == ChangeNotice.Bookings), notices.Single(n => n.Topic == ChangeNotice.Webhooks));
        Assert.Equal(["unique-booking-id"], webhooks.Announced);
        var scope = host.Services.GetRequiredService<BookingChangeScope>();
        Assert.True(await scope.ConcernsBookingAsync(bookings, "unique-booking-id", id: null));
        Assert.False(await scope.ConcernsBookingAsync(webhooks, "unique-booking-id", id: null));
    }
}
