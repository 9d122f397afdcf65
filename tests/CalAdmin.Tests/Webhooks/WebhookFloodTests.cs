using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;

namespace CalAdmin.Tests.Webhooks;

/// <summary>The webhook endpoint under attack: forged floods, unsigned posts, over-budget senders (issue 17, item 1).</summary>
public sealed class WebhookFloodTests
{
    private static HttpClient Client(Uri address) => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address };

    [Fact]
    public async Task Under_a_forged_flood_every_signed_delivery_is_acknowledged_and_stored_and_no_refusal_writes_a_row()
    {
        await using var host = new FloodHost();
        var address = host.Start();
        var forged = FloodHost.Forged(200);
        const int attackers = 8, postsEach = 250, signedCount = 60;
        var answers = new ConcurrentBag<HttpStatusCode>();
        var dropped = 0;
        var flooding = new CancellationTokenSource();

        // Eight addresses, each alternating forged 200 KB bodies with a well-formed wrong signature and with none at all.
        var flood = Enumerable.Range(1, attackers).Select(a => Task.Run(async () =>
        {
            using var http = Client(address);
            for (var i = 0; i < postsEach; i++)
            {
                var signature = i % 2 == 0 ? new string('a', 64) : null;
                try
                {
                    using var response = await http.SendAsync(FloodHost.Post($"203.0.113.{a}", forged, signature));
                    answers.Add(response.StatusCode);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref dropped); }
            }
        })).ToList();

        // Cal.com, meanwhile, from its own address: every delivery must be acknowledged and stored.
        var signed = new List<HttpStatusCode>();
        using (var calcom = Client(address))
        {
            for (var i = 0; i < signedCount; i++)
            {
                using var response = await calcom.SendAsync(FloodHost.Signed(FloodHost.CalComAddress, FloodHost.Delivery($"flood-{i}")));
                signed.Add(response.StatusCode);
            }
        }
        var rowsDuringFlood = await host.QueryAsync(db => db.WebhookRejections.CountAsync());
        await Task.WhenAll(flood);

        Assert.All(signed, s => Assert.Equal(HttpStatusCode.OK, s));
        var stored = await host.QueryAsync(db => db.WebhookDeliveries.Select(d => d.BookingUid).ToListAsync());
        Assert.Equal(Enumerable.Range(0, signedCount).Select(i => $"flood-{i}").Order(), stored.Order());
        Assert.True(answers.Count + dropped == attackers * postsEach);
        Assert.All(answers, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"a forged post got {s}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);

        // Thousands of refusals, not one row for them until the flush, which writes them once.
        Assert.Equal(0, rowsDuringFlood);
        Assert.Equal(0, await host.QueryAsync(db => db.WebhookRejections.CountAsync()));
        Assert.True(host.Tally.RejectedSinceStart >= answers.Count, $"{host.Tally.RejectedSinceStart} counted, {answers.Count} refused");
        await host.Tally.FlushAsync(CancellationToken.None);
        Assert.Equal(1, host.Tally.Flushes);
        var counted = await host.QueryAsync(db => db.WebhookRejections.SumAsync(r => r.Count));
        Assert.Equal(host.Tally.RejectedSinceStart, counted);
        Assert.True(await host.QueryAsync(db => db.WebhookRejections.CountAsync()) <= 8, "one row per hour and reason");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(WebhookSignature.NoSecret)]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("sha256=0123")]
    public async Task A_missing_or_malformed_signature_is_refused_before_the_body_is_read(string? signature)
    {
        await using var host = new FloodHost();
        var address = host.Start();
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();

        // Announces 10 MB and sends 16 KB of it: an endpoint that read the body first would never answer.
        var head = $"POST {WebhookEndpoint.Path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {10 * 1024 * 1024}\r\n"
            + (signature is null ? "" : $"{WebhookSignature.Header}: {signature}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[16 * 1024]);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 401", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Equal(1, host.Tally.RejectedSinceStart);
        Assert.Equal(0, await host.QueryAsync(db => db.WebhookRejections.CountAsync()));
    }

    [Fact]
    public async Task An_address_over_its_budget_gets_429_with_Retry_After_yet_its_genuine_deliveries_are_accepted()
    {
        await using var host = new FloodHost(perClient: 3, global: 100);
        using var http = Client(host.Start());
        const string forger = "203.0.113.50";

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(FloodHost.Post(forger, "{}", null))).StatusCode);
        var limited = await http.SendAsync(FloodHost.Post(forger, "{}", null));
        var otherAddress = await http.SendAsync(FloodHost.Post("203.0.113.51", "{}", null));
        var genuine = await http.SendAsync(FloodHost.Signed(forger, FloodHost.Delivery("relayed-by-the-forger")));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(int.TryParse(limited.Headers.GetValues("Retry-After").Single(), out var retry) && retry is >= 1 and <= 60, "Retry-After in seconds");
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Too many refused deliveries", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains($"Try again in {retry} s", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal("relayed-by-the-forger", await host.QueryAsync(db => db.WebhookDeliveries.Select(d => d.BookingUid).SingleAsync()));

        await host.Tally.FlushAsync(CancellationToken.None);
        var reasons = await host.QueryAsync(db => db.WebhookRejections.ToDictionaryAsync(r => r.Reason, r => r.Count));
        Assert.Equal(4, reasons["missing-signature"]);
        Assert.Equal(1, reasons["rate-limited"]);
    }

    [Fact]
    public async Task Refusals_are_logged_once_per_address_and_minute_then_summarised()
    {
        await using var host = new FloodHost(perClient: 1000, global: 1000);
        using var http = Client(host.Start());
        const int posts = 150;

        for (var i = 0; i < posts; i++)
        {
            var from = i % 2 == 0 ? "203.0.113.60" : "203.0.113.61";
            using var response = await http.SendAsync(FloodHost.Post(from, "{}", i % 3 == 0 ? new string('b', 64) : null));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        // Refused posts only: a test host in another class may log its own accepted deliveries into the same sink.
        var perRequest = host.Events.Where(e => e.Level >= LogEventLevel.Information && e.RenderMessage().Contains(WebhookEndpoint.Path)
            && e.Properties.TryGetValue("StatusCode", out var status) && status.ToString() is "401" or "429").ToList();
        var warnings = host.TallyLines.ToList();
        await host.Tally.EndMinuteAsync(CancellationToken.None);
        var summary = host.TallyLines.Skip(warnings.Count).ToList();

        Assert.Empty(perRequest);
        Assert.All(warnings.Concat(summary), l => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, l.Level));
        Assert.Equal(2, warnings.Count);
        Assert.Equal(["203.0.113.60", "203.0.113.61"], warnings.Select(w => w.Values["Client"]?.ToString()).Order());
        var line = Assert.Single(summary);
        Assert.Equal(posts.ToString(), line.Values["Count"]?.ToString());
        Assert.Equal("2", line.Values["Clients"]?.ToString());
    }

    [Fact]
    public async Task Health_and_Settings_say_when_the_endpoint_is_under_a_flood()
    {
        await using var host = new FloodHost(perClient: 1000, global: 1000, flood: 20);
        using var http = Client(host.Start());

        var before = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
        for (var i = 0; i < 25; i++)
            (await http.SendAsync(FloodHost.Post("203.0.113.70", "{}", null))).Dispose();
        var during = await http.GetAsync("/health");
        var body = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Healthy", before.GetProperty("checks").GetProperty(WebhookFloodHealthCheck.Name).GetString());
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty(WebhookFloodHealthCheck.Name).GetString());
        var data = body.GetProperty("data").GetProperty(WebhookFloodHealthCheck.Name);
        Assert.Equal(25, data.GetProperty("rejectedLastMinute").GetInt32());
        Assert.Equal(20, data.GetProperty("floodThresholdPerMinute").GetInt32());

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            { BaseAddress = http.BaseAddress };
        await CalAdminFactory.SignInAsync(browser, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        var settings = await browser.GetStringAsync("/admin/settings");
        Assert.Contains("data-testid=\"webhook-flood\"", settings);
        Assert.Contains("under a flood: 25 deliveries refused in the last minute", settings);
    }

    [Theory]
    [InlineData("CalAdmin:Webhooks:RejectionsPerClientPerMinute", "0", "CalAdmin:Webhooks:RejectionsPerClientPerMinute must be between 1 and 100000.")]
    [InlineData("CalAdmin:Webhooks:RejectionsPerMinute", "10", "CalAdmin:Webhooks:RejectionsPerMinute must not be below CalAdmin:Webhooks:RejectionsPerClientPerMinute.")]
    [InlineData("CalAdmin:Webhooks:FloodRejectionsPerMinute", "-1", "CalAdmin:Webhooks:FloodRejectionsPerMinute must be between 1 and 1000000.")]
    public async Task A_bad_flood_setting_stops_startup_with_a_message_naming_it(string key, string value, string expected)
    {
        await using var factory = new CalAdminFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(expected, Assert.IsType<CalAdmin.Web.Infrastructure.InvalidSettingsException>(error.GetBaseException()).Message);
    }
}
