using System.Net;
using System.Text;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Live;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Webhooks;

public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private readonly WebhookHost host = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = host.CreateBrowserClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Payload(string file) => File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, file));

    /// <summary>What each of Cal.com's example deliveries must end as, sent in file-name order.</summary>
    public static TheoryData<string> PayloadFiles() => new(Directory.GetFiles(TestPaths.WebhookPayloads, "*.json").Select(Path.GetFileName).Order()!);

    private static readonly Dictionary<string, DeliveryOutcome> Expected = new()
    {
        ["booking_cancelled.json"] = DeliveryOutcome.Applied,
        ["booking_created.json"] = DeliveryOutcome.Applied,
        ["booking_no_show_updated.json"] = DeliveryOutcome.Applied,
        // The booking these two name was never delivered: they wait for it instead of being lost.
        ["booking_no_show_updated_2.json"] = DeliveryOutcome.Waiting,
        ["booking_no_show_updated_3.json"] = DeliveryOutcome.Waiting,
        ["booking_paid.json"] = DeliveryOutcome.Applied,
        ["booking_payment_initiated.json"] = DeliveryOutcome.Applied,
        // Rejected at 14:00 but the booking was cancelled at 15:00 (sent earlier): older, so stale.
        ["booking_rejected.json"] = DeliveryOutcome.Stale,
        ["booking_requested.json"] = DeliveryOutcome.Applied,
        ["booking_rescheduled.json"] = DeliveryOutcome.Applied,
        ["meeting_ended.json"] = DeliveryOutcome.Applied,
        // The out-of-office entry of the example's user (Features/Away).
        ["ooo_created.json"] = DeliveryOutcome.Applied,
        // Sent after meeting_ended: a meeting that ended does not start again.
        ["meeting_started.json"] = DeliveryOutcome.Stale,
    };

    [Fact]
    public async Task Every_example_delivery_from_Cal_com_is_accepted_and_applied_or_ignored()
    {
        var files = Directory.GetFiles(TestPaths.WebhookPayloads, "*.json").Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var response = await client.PostSignedAsync(Payload(file!));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await host.WaitForIdleAsync();

        var deliveries = await host.QueryAsync(db => db.WebhookDeliveries.OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(files.Count, deliveries.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var expected = Expected.GetValueOrDefault(files[i]!, DeliveryOutcome.Ignored);
            Assert.True(expected == deliveries[i].Outcome, $"{files[i]}: expected {expected}, got {deliveries[i].Outcome} ({deliveries[i].Error})");
        }

        var bookings = await host.QueryAsync(db => db.Bookings.Include(b => b.Attendees).Include(b => b.Hosts).ThenInclude(h => h.Host).ToDictionaryAsync(b => b.Uid));
        var created = bookings["unique-booking-id"];
        Assert.Equal(BookingStatus.Pending, created.Status); // BOOKING_REQUESTED (12:00) came after BOOKING_CREATED (00:00)
        Assert.Equal(new DateTime(2024, 1, 1, 13, 0, 0, DateTimeKind.Utc), created.StartUtc); // the newer delivery wins
        Assert.Equal(["additional-guest@example.com", "guest@example.com"], created.Attendees.Select(a => a.Email).Order());
        Assert.Equal("Organizer Name", Assert.Single(created.Hosts).Host.Name);
        Assert.Equal(1, created.Hosts[0].Host.CalComUserId);

        var cancelled = bookings["unique-booking-identifier"];
        Assert.Equal(BookingStatus.Cancelled, cancelled.Status);
        Assert.Equal("I am no longer able to attend this session.", cancelled.CancellationReason);
        Assert.Equal(MeetingState.Ended, cancelled.MeetingState);
        Assert.False(cancelled.Attendees.Single(a => a.Email == "guest@example.com").Absent);

        Assert.Equal(BookingStatus.AwaitingPayment, bookings["unique-booking-uid"].Status);
        Assert.Equal("previous-booking-unique-id", bookings["new-booking-unique-id"].RescheduledFromUid);
        var previous = bookings["previous-booking-unique-id"];
        Assert.Equal(BookingStatus.Rescheduled, previous.Status);
        Assert.Equal("new-booking-unique-id", previous.RescheduledToUid);
        Assert.Equal(new DateTime(2024, 1, 5, 14, 30, 0, DateTimeKind.Utc), previous.StartUtc);

        // The organizer was unknown: created, flagged for review.
        Assert.True(await host.QueryAsync(db => db.Hosts.AnyAsync(h => h.CalComUserId == 1 && h.NeedsReview)));
    }

    [Fact]
    public async Task A_duplicate_answers_200_and_changes_nothing()
    {
        var body = Payload("booking_created.json");
        Assert.Equal(HttpStatusCode.OK, (await client.PostSignedAsync(body)).StatusCode);
        await host.WaitForIdleAsync();
        var before = await host.QueryAsync(db => db.Bookings.Select(b => b.UpdatedAt).SingleAsync());

        var again = await client.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync());
        await host.WaitForIdleAsync();
        var delivery = await host.QueryAsync(db => db.WebhookDeliveries.SingleAsync());
        Assert.Equal(1, delivery.DuplicateCount);
        Assert.Equal(before, await host.QueryAsync(db => db.Bookings.Select(b => b.UpdatedAt).SingleAsync()));
    }

    [Fact]
    public async Task Forged_unsigned_oversized_and_malformed_deliveries_are_refused_and_change_no_booking()
    {
        var body = Payload("booking_created.json");

        var forged = WebhookClient.Signed(body, secret: "not-the-secret");
        var unsigned = WebhookClient.Signed(body);
        unsigned.Headers.Remove(WebhookSignature.Header);
        var noSecret = WebhookClient.Signed(body);
        noSecret.Headers.Remove(WebhookSignature.Header);
        noSecret.Headers.Add(WebhookSignature.Header, WebhookSignature.NoSecret);
        var oversized = WebhookClient.Signed("{\"triggerEvent\":\"BOOKING_CREATED\",\"pad\":\"" + new string('x', WebhookEndpoint.MaxBodyBytes) + "\"}");
        var notJson = WebhookClient.Signed("this is not json");
        var noTrigger = WebhookClient.Signed("{\"payload\":{}}");
        var form = WebhookClient.Signed("triggerEvent=BOOKING_CREATED&uid=x", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(noSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(oversized)).StatusCode);
        var badJson = await client.SendAsync(notJson);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("application/problem+json", badJson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(noTrigger)).StatusCode);
        var formAnswer = await client.SendAsync(form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formAnswer.StatusCode);
        Assert.Contains("Remove the template", await formAnswer.Content.ReadAsStringAsync());

        await host.WaitForIdleAsync();
        Assert.Equal(0, await host.QueryAsync(db => db.Bookings.CountAsync()));
        // Verified but unusable bodies are kept as failed with their reason; forged ones are only counted.
        var failed = await host.QueryAsync(db => db.WebhookDeliveries.Where(d => d.Outcome == DeliveryOutcome.Failed).Select(d => d.Error).ToListAsync());
        Assert.Equal(3, failed.Count);
        Assert.Contains(failed, e => e!.Contains("not JSON"));
        // Counted in memory and written once a minute: none until the flush.
        Assert.Equal(0, await host.QueryAsync(db => db.WebhookRejections.CountAsync()));
        await host.Services.GetRequiredService<RejectionTally>().FlushAsync(CancellationToken.None);
        var rejections = await host.QueryAsync(db => db.WebhookRejections.ToDictionaryAsync(r => r.Reason, r => r.Count));
        Assert.Equal(1, rejections["wrong-signature"]);
        Assert.Equal(1, rejections["missing-signature"]);
        Assert.Equal(1, rejections["no-secret-provided"]);
    }

    [Fact]
    public async Task A_rotated_secret_is_accepted_alongside_the_current_one()
    {
        await using var rotating = new WebhookHost();
        rotating.Settings["CalCom:WebhookSecrets:1"] = "the-new-secret-0123456789abcdef0123";
        var http = rotating.CreateBrowserClient();

        Assert.Equal(HttpStatusCode.OK, (await http.PostSignedAsync(Payload("booking_created.json"), "the-new-secret-0123456789abcdef0123")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostSignedAsync(Payload("booking_cancelled.json"))).StatusCode);
    }

    [Fact]
    public async Task The_endpoint_is_never_redirected_or_sent_to_the_login_page()
    {
        var response = await client.PostAsync(WebhookEndpoint.Path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("X-Cal-Signature-256", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_shipped_app_has_no_benchmark_endpoint()
    {
        // The benchmark program adds these to its own hosting of the app (tests/CalAdmin.Benchmarks/InstrumentedDashboard.cs).
        var request = WebhookClient.Signed(Payload("booking_created.json"));
        request.RequestUri = new Uri(WebhookEndpoint.Path + "/baseline", UriKind.Relative);

        var response = await client.SendAsync(request);
        var memory = await client.GetAsync("/_benchmark/memory");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, memory.StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.WebhookDeliveries.CountAsync()));
    }

    /// <summary>
    /// A booking's page refreshes once for an applied delivery (for the bookings notice), not again for the webhooks notice
    /// that follows, whose delivery its read already shows.
    /// </summary>
    [Fact]
    public async Task An_applied_delivery_concerns_its_bookings_page_once()
    {
        var notices = new List<ChangeNotice>();
        using var _ = host.Services.GetRequiredService<IChangeFeed>().Subscribe(n => { lock (notices) notices.Add(n); return Task.CompletedTask; });

        var body = Payload("booking_created.json");
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
