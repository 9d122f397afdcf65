using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>Deliveries reach a real listener, signed as Cal.com signs them, with the payload keys of Cal.com's examples.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec_sandbox_täst";
    private static readonly DateOnly Tuesday = new(2026, 2, 3);
    private SandboxServer server = null!;
    private HttpClient client = null!;
    private WebhookSubscriber subscriber = null!;
    private int roundRobin;

    public async Task InitializeAsync()
    {
        (server, client, _) = await SandboxTestHost.StartAsync();
        subscriber = await WebhookSubscriber.StartAsync();
        roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await subscriber.DisposeAsync();
    }

    private async Task SubscribeAsync(string path, string[] triggers, string? secret = Secret)
    {
        var (response, json) = await client.PostJsonAsync(path, new { subscriberUrl = subscriber.Url, triggers, active = true, secret }, version: null);
        Assert.True(201 == (int)response.StatusCode, json.ToString());
    }

    private static string[] ExampleKeys(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, file))).RootElement.GetProperty("payload")
            .EnumerateObject().Select(p => p.Name).Order().ToArray();

    private static string[] PayloadKeys(JsonElement body) =>
        body.GetProperty("payload").EnumerateObject().Select(p => p.Name).Where(n => n != "team").Order().ToArray();

    private static string Hmac(byte[] body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public async Task A_created_booking_is_delivered_signed_with_the_subscriber_secret_and_the_example_payload_keys()
    {
        await SubscribeAsync($"/v2/teams/1001/event-types/{roundRobin}/webhooks", ["BOOKING_CREATED"]);
        var slot = (await SandboxTestHost.SlotStartsAsync(client, roundRobin, Tuesday, Tuesday))[0];
        var uid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin, slot))).Json.GetProperty("data").GetProperty("uid").GetString();

        var delivery = await subscriber.NextAsync();
        var body = JsonDocument.Parse(delivery.Body).RootElement;

        Assert.Equal(Hmac(delivery.Body, Secret), delivery.Headers["X-Cal-Signature-256"]);
        Assert.Equal("2021-10-20", delivery.Headers["X-Cal-Webhook-Version"]);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"]);
        Assert.Equal("BOOKING_CREATED", body.GetProperty("triggerEvent").GetString());
        Assert.True(body.TryGetProperty("createdAt", out _));
        Assert.Equal(uid, body.GetProperty("payload").GetProperty("uid").GetString());
        Assert.Equal(ExampleKeys("booking_created.json"), PayloadKeys(body));
        Assert.Equal("ROUND_ROBIN", body.GetProperty("payload").GetProperty("schedulingType").GetString());
        Assert.True(body.GetProperty("payload").TryGetProperty("team", out _));
    }

    [Fact]
    public async Task Reschedule_cancel_and_no_show_deliveries_match_their_examples()
    {
        await SubscribeAsync("/v2/organizations/1000/webhooks", ["BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_NO_SHOW_UPDATED"], secret: null);
        var slots = await SandboxTestHost.SlotStartsAsync(client, roundRobin, Tuesday, Tuesday);
        var oldUid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin, slots[0]))).Json.GetProperty("data").GetProperty("uid").GetString();

        var newUid = (await client.PostJsonAsync($"/v2/bookings/{oldUid}/reschedule", new { start = slots[^1].UtcDateTime.ToString("O") }))
            .Json.GetProperty("data").GetProperty("uid").GetString();
        var rescheduled = await subscriber.NextAsync();
        await client.PostJsonAsync($"/v2/bookings/{newUid}/cancel", new { cancellationReason = "Plans changed" });
        var cancelled = await subscriber.NextAsync();
        var past = server.State.Bookings.First(b => b.End < server.State.Now && b.Status == "accepted" && !b.Attendees[0].Absent);
        await client.PostJsonAsync($"/v2/bookings/{past.Uid}/mark-absent", new { attendees = new[] { new { email = past.Attendees[0].Email, absent = true } } });
        var noShow = await subscriber.NextAsync();

        var rescheduledBody = JsonDocument.Parse(rescheduled.Body).RootElement;
        Assert.Equal(Hmac(rescheduled.Body, "no-secret-provided"), rescheduled.Headers["X-Cal-Signature-256"]);
        Assert.Equal(ExampleKeys("booking_rescheduled.json"), PayloadKeys(rescheduledBody));
        Assert.Equal(newUid, rescheduledBody.GetProperty("payload").GetProperty("uid").GetString());
        Assert.Equal(oldUid, rescheduledBody.GetProperty("payload").GetProperty("rescheduleUid").GetString());

        var cancelledBody = JsonDocument.Parse(cancelled.Body).RootElement;
        Assert.Equal(ExampleKeys("booking_cancelled.json"), PayloadKeys(cancelledBody));
        Assert.Equal("Plans changed", cancelledBody.GetProperty("payload").GetProperty("cancellationReason").GetString());

        var noShowBody = JsonDocument.Parse(noShow.Body).RootElement;
        Assert.Equal("BOOKING_NO_SHOW_UPDATED", noShowBody.GetProperty("triggerEvent").GetString());
        Assert.Equal(ExampleKeys("booking_no_show_updated.json"), PayloadKeys(noShowBody));
        Assert.True(noShowBody.GetProperty("payload").GetProperty("attendees")[0].GetProperty("noShow").GetBoolean());
    }

    [Fact]
    public async Task Requested_and_rejected_deliveries_match_their_examples()
    {
        var demo = SandboxTestHost.EventTypeId(server, "enterprise-demo");
        await SubscribeAsync($"/v2/teams/1001/event-types/{demo}/webhooks", ["BOOKING_REQUESTED", "BOOKING_REJECTED"]);
        var slot = (await SandboxTestHost.SlotStartsAsync(client, demo, Tuesday, Tuesday))[0];
        var uid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(demo, slot))).Json.GetProperty("data").GetProperty("uid").GetString();
        var requested = JsonDocument.Parse((await subscriber.NextAsync()).Body).RootElement;
        await client.PostJsonAsync($"/v2/bookings/{uid}/decline", new { reason = "No capacity" });
        var rejected = JsonDocument.Parse((await subscriber.NextAsync()).Body).RootElement;

        Assert.Equal(ExampleKeys("booking_requested.json"), PayloadKeys(requested));
        Assert.Equal("PENDING", requested.GetProperty("payload").GetProperty("status").GetString());
        Assert.Equal(ExampleKeys("booking_rejected.json"), PayloadKeys(rejected));
        Assert.Equal("No capacity", rejected.GetProperty("payload").GetProperty("rejectionReason").GetString());
    }

    [Fact]
    public async Task User_webhooks_do_not_hear_team_events_and_switched_off_delivery_sends_nothing()
    {
        await SubscribeAsync("/v2/webhooks", ["BOOKING_CREATED"]);
        var slot = (await SandboxTestHost.SlotStartsAsync(client, roundRobin, Tuesday, Tuesday))[0];
        await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin, slot));

        server.Webhooks.Enabled = false;
        var personal = SandboxTestHost.EventTypeId(server, "15min");
        var personalSlot = (await SandboxTestHost.SlotStartsAsync(client, personal, Tuesday, Tuesday))[0];
        var uid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(personal, personalSlot))).Json.GetProperty("data").GetProperty("uid").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var logged = await server.Webhooks.WaitForDeliveryAsync(d => d.Body.Contains(uid), timeout.Token);

        Assert.True(logged.Skipped);
        Assert.Single(server.Webhooks.Deliveries);
        Assert.False(subscriber.TryTake(out _));
    }
}
