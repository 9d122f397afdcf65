using System.Net;
using System.Text.Json;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>The web host's side of running on several servers: health, Settings, shared sign-in keys, forwarded headers.</summary>
public sealed class MultiServerHostTests
{
    private static async Task<JsonElement> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<HttpClient> AdminClientAsync(CalAdminFactory factory)
    {
        var client = factory.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        var signedIn = await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task Without_Redis_the_in_process_feed_is_used_and_reported_healthy()
    {
        await using var factory = new CalAdminFactory();

        var health = await HealthAsync(factory.CreateClient());

        Assert.IsType<InProcessChangeFeed>(factory.Services.GetRequiredService<IChangeFeed>());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty(ChangeFeedSetup.HealthCheckName).GetString());
        var settings = await (await AdminClientAsync(factory)).GetStringAsync("/admin/settings");
        Assert.Contains("In-process: pages on this server refresh on its own changes", settings);
    }

    [Fact]
    public async Task With_Redis_unreachable_health_is_degraded_but_200_webhooks_apply_and_Settings_warn()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using var factory = new WebhookHost();
        factory.Settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        factory.Settings["CalAdmin:ChangeFeed:SigningKey"] = RedisChangeFeedTests.SigningKey;
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<ChangeFeedStatus>().WaitForAsync(s => s.Problem?.Contains("unreachable") == true, "unreachable");

        var health = await HealthAsync(client);
        var response = await client.PostSignedAsync(File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "booking_created.json")));
        await factory.WaitForIdleAsync();

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty(ChangeFeedSetup.HealthCheckName).GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DeliveryOutcome.Applied, await factory.QueryAsync(db => db.WebhookDeliveries.Select(d => d.Outcome).SingleAsync()));
        Assert.Equal(1, await factory.QueryAsync(db => db.Bookings.CountAsync()));
        var settings = await (await AdminClientAsync(factory)).GetStringAsync("/admin/settings");
        Assert.Contains("data-testid=\"feed-warning\"", settings);
        Assert.Contains($"Redis is unreachable", settings);
    }

    [Fact]
    public async Task With_Redis_up_health_is_healthy_and_Settings_show_the_shared_feed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new CalAdminFactory();
        factory.Settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        factory.Settings["CalAdmin:ChangeFeed:SigningKey"] = RedisChangeFeedTests.SigningKey;
        factory.Settings["CalAdmin:ChangeFeed:Channel"] = "caladmin:host-test";
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<ChangeFeedStatus>().WaitForAsync(s => s.Shared, "shared");

        var health = await HealthAsync(client);

        Assert.IsType<RedisChangeFeed>(factory.Services.GetRequiredService<IChangeFeed>());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty(ChangeFeedSetup.HealthCheckName).GetString());
        var settings = await (await AdminClientAsync(factory)).GetStringAsync("/admin/settings");
        Assert.Contains($"Shared through Redis at 127.0.0.1:{redis.Port}, channel &#x27;caladmin:host-test&#x27;", settings);
        Assert.DoesNotContain("feed-warning", settings);
    }

    [Fact]
    public async Task A_forged_message_on_the_channel_refreshes_no_page_and_Settings_count_it()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new CalAdminFactory();
        factory.Settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        factory.Settings["CalAdmin:ChangeFeed:SigningKey"] = RedisChangeFeedTests.SigningKey;
        factory.CreateClient().Dispose();
        var status = factory.Services.GetRequiredService<ChangeFeedStatus>();
        await status.WaitForAsync(s => s.Shared, "shared");
        using var pages = new HeardNotices(factory.Services.GetRequiredService<IChangeFeed>());
        await using var attacker = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        await attacker.GetSubscriber().PublishAsync(StackExchange.Redis.RedisChannel.Literal(status.Current.Channel),
            $$"""{"server":"elsewhere","topic":"{{ChangeNotice.Bookings}}","ids":["forged"],"message":"Cal.com: forged","probe":false}""");
        await status.WaitForAsync(s => s.Dropped == 1, "the forged message dropped");
        factory.Services.GetRequiredService<IChangeFeed>().Publish(new ChangeNotice(ChangeNotice.Hosts, ["real"]));
        await pages.WaitForAsync(n => n.Ids.Contains("real"), "this server's own change");

        Assert.DoesNotContain(pages.All, n => n.Ids.Contains("forged"));
        var settings = await (await AdminClientAsync(factory)).GetStringAsync("/admin/settings");
        Assert.Contains("1 message(s) on the channel dropped: unsigned, badly signed or oversized", settings);
    }

    [Fact]
    public async Task A_sign_in_cookie_from_one_server_is_accepted_by_another_on_the_same_database()
    {
        await using var first = new CalAdminFactory();
        await using var second = new CalAdminFactory();
        second.Settings["ConnectionStrings:Sqlite"] = $"Data Source={first.DatabasePath}";
        var cookies = new CookieContainer();
        var onFirst = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        var onSecond = second.CreateDefaultClient(new CookieContainerHandler(cookies));

        var signedIn = await CalAdminFactory.SignInAsync(onFirst, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        var settings = await onSecond.GetAsync("/admin/settings");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("data-testid=\"server-panel\"", await settings.Content.ReadAsStringAsync());
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Theory]
    [InlineData(null, "https://caladmin.example.com/Account/Login")]
    [InlineData("10.9.9.9", "http://127.0.0.1:")]
    public async Task Forwarded_scheme_and_host_are_honoured_from_trusted_proxies_only(string? knownProxy, string expectedLocation)
    {
        await using var factory = new CalAdminFactory();
        if (knownProxy is not null) factory.Settings["CalAdmin:ForwardedHeaders:KnownProxies:0"] = knownProxy;
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bookings");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "caladmin.example.com");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(expectedLocation, response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("CalAdmin:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "CalAdmin:ForwardedHeaders:KnownProxies: '10.0.0.300' is not an IP address.")]
    [InlineData("CalAdmin:ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "CalAdmin:ForwardedHeaders:KnownNetworks: '10.0.0.0' is not a network in CIDR form")]
    [InlineData("CalAdmin:ForwardedHeaders:ForwardLimit", "0", "CalAdmin:ForwardedHeaders:ForwardLimit must be between 1 and 10.")]
    public async Task A_bad_proxy_setting_stops_startup_with_a_message_naming_it(string key, string value, string expected)
    {
        await using var factory = new CalAdminFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(expected, Assert.IsType<InvalidSettingsException>(error.GetBaseException()).Message);
    }
}
