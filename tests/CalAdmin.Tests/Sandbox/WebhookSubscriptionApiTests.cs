using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>Webhook subscriptions over HTTP as Cal.com keeps them: UUID ids, the owner-only user path, the team path, triggers, URLs.</summary>
public sealed class WebhookSubscriptionApiTests
{
    private const string Team = "/v2/teams/1001/event-types";

    private static object Hook(string url = "https://hooks.example.com/calcom", params string[] triggers) =>
        new { subscriberUrl = url, triggers = triggers.Length == 0 ? ["BOOKING_CREATED"] : triggers, active = true, secret = "s" };

    private static string Message(JsonElement json) => json.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task Team_event_type_webhooks_have_uuid_string_ids_through_list_get_update_and_delete()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        var path = $"{Team}/{roundRobin}/webhooks";

        var (created, body) = await client.SendJsonAsync(HttpMethod.Post, path, body: Hook());
        Assert.Equal(201, (int)created.StatusCode);
        var id = body.GetProperty("data").GetProperty("id");
        Assert.Equal(JsonValueKind.String, id.ValueKind);
        Assert.True(Guid.TryParse(id.GetString(), out _), id.GetString());
        Assert.Equal(roundRobin, body.GetProperty("data").GetProperty("eventTypeId").GetInt32());

        var listed = (await client.GetJsonAsync(path)).Json.GetProperty("data");
        Assert.Equal(id.GetString(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        var (got, one) = await client.GetJsonAsync($"{path}/{id.GetString()}");
        Assert.Equal(200, (int)got.StatusCode);
        Assert.Equal(id.GetString(), one.GetProperty("data").GetProperty("id").GetString());

        var (patched, changed) = await client.SendJsonAsync(HttpMethod.Patch, $"{path}/{id.GetString()}", body: new { triggers = new[] { "BOOKING_CREATED", "BOOKING_REASSIGNED" }, active = false });
        Assert.Equal(200, (int)patched.StatusCode);
        Assert.Equal(["BOOKING_CREATED", "BOOKING_REASSIGNED"], changed.GetProperty("data").GetProperty("triggers").EnumerateArray().Select(t => t.GetString()));
        Assert.False(changed.GetProperty("data").GetProperty("active").GetBoolean());

        Assert.Equal(200, (int)(await client.SendJsonAsync(HttpMethod.Delete, $"{path}/{id.GetString()}")).Response.StatusCode);
        Assert.Equal(404, (int)(await client.GetJsonAsync($"{path}/{id.GetString()}")).Response.StatusCode);
    }

    [Fact]
    public async Task A_delivery_is_logged_with_the_string_id_of_the_team_event_type_webhook()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        var id = (await client.SendJsonAsync(HttpMethod.Post, $"{Team}/{roundRobin}/webhooks", body: Hook())).Json.GetProperty("data").GetProperty("id").GetString();

        var slot = (await SandboxTestHost.SlotStartsAsync(client, roundRobin, new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 3)))[0];
        Assert.Equal(201, (int)(await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin, slot))).Response.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await server.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == "BOOKING_CREATED", timeout.Token);

        Assert.Equal(id, delivery.WebhookId);
    }

    [Fact]
    public async Task The_user_event_type_path_refuses_a_team_event_type_with_Cal_com_s_403_and_serves_the_owners_own()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        var personal = SandboxTestHost.EventTypeId(server, "15min");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var (refused, json) = await client.SendJsonAsync(method, $"/v2/event-types/{roundRobin}/webhooks", body: method == HttpMethod.Post ? Hook() : null);
            Assert.Equal(403, (int)refused.StatusCode);
            Assert.Equal($"IsUserEventTypeWebhookGuard - User ({server.State.MeUserId}) is not the owner of event type ({roundRobin})", Message(json));
        }
        Assert.Equal(201, (int)(await client.SendJsonAsync(HttpMethod.Post, $"/v2/event-types/{personal}/webhooks", body: Hook())).Response.StatusCode);
        Assert.Equal(404, (int)(await client.GetJsonAsync($"{Team}/{personal}/webhooks")).Response.StatusCode);
    }

    [Fact]
    public async Task Team_event_type_webhooks_need_a_team_admin_or_owner()
    {
        var (server, owner, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        var path = $"{Team}/{roundRobin}/webhooks";
        var memberId = server.State.Users.First(u => u.Role == "MEMBER").Id;
        using var member = server.CreateClient(server.IssueKey(memberId));
        using var admin = server.CreateClient(server.IssueKeyForRole("ADMIN"));

        var (create, createJson) = await member.SendJsonAsync(HttpMethod.Post, path, body: Hook());
        Assert.Equal(403, (int)create.StatusCode);
        Assert.Equal($"RolesGuard - user with id={memberId} does not have the minimum required role=TEAM_ADMIN within team with id=1001.", Message(createJson));
        var (read, readJson) = await member.GetJsonAsync(path);
        Assert.Equal(403, (int)read.StatusCode);
        Assert.Equal($"IsTeamEventTypeWebhookGuard - User ({memberId}) is not an admin/owner of team (1001)", Message(readJson));

        Assert.Equal(201, (int)(await admin.SendJsonAsync(HttpMethod.Post, path, body: Hook("https://a.example.com/hook"))).Response.StatusCode);
        Assert.Equal(201, (int)(await owner.SendJsonAsync(HttpMethod.Post, path, body: Hook("https://b.example.com/hook"))).Response.StatusCode);
        Assert.Equal(2, (await owner.GetJsonAsync(path)).Json.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(null, "BOOKING_REASSIGNED", 201)]
    [InlineData(null, "NOT_A_TRIGGER", 400)]
    [InlineData("Legacy2025", "BOOKING_REASSIGNED", 400)]
    [InlineData("Legacy2025", "BOOKING_LOCATION_UPDATED", 400)]
    [InlineData("Legacy2025", "BOOKING_NO_SHOW_UPDATED", 201)]
    public async Task One_trigger_the_instance_does_not_know_fails_the_whole_request_without_details(string? catalog, string trigger, int status)
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => { if (catalog is not null) o.WebhookTriggers = catalog; });
        await using var _s = server;
        var path = $"{Team}/{SandboxTestHost.EventTypeId(server, "discovery-call")}/webhooks";

        var (response, json) = await client.SendJsonAsync(HttpMethod.Post, path, body: Hook(triggers: ["BOOKING_CREATED", trigger]));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 400)
        {
            Assert.Equal("Bad Request Exception", Message(json));
            Assert.False(json.GetProperty("error").TryGetProperty("details", out _));
            Assert.Empty(server.State.Webhooks);
        }
    }

    [Fact]
    public async Task An_update_with_an_unknown_trigger_is_refused_and_changes_nothing()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookTriggers = "Legacy2025");
        await using var _s = server;
        var path = $"{Team}/{SandboxTestHost.EventTypeId(server, "discovery-call")}/webhooks";
        var id = (await client.SendJsonAsync(HttpMethod.Post, path, body: Hook())).Json.GetProperty("data").GetProperty("id").GetString();

        var (response, _) = await client.SendJsonAsync(HttpMethod.Patch, $"{path}/{id}", body: new { triggers = new[] { "BOOKING_CREATED", "BOOKING_REASSIGNED" } });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(["BOOKING_CREATED"], server.State.Webhooks.Single().Triggers);
    }

    [Theory]
    [InlineData("http://hooks.example.com/calcom", "Only HTTPS URLs are allowed")]
    [InlineData("https://localhost/calcom", "Blocked hostname")]
    [InlineData("https://127.0.0.1:5249/webhooks/calcom", "Private IP address")]
    [InlineData("https://192.168.1.20/webhooks/calcom", "Private IP address")]
    [InlineData("https://[::1]/webhooks/calcom", "Private IP address")]
    [InlineData("https://hooks.example.com/calcom", null)]
    public async Task With_the_cloud_rule_only_public_https_subscriber_urls_are_accepted(string url, string? reason)
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.RequirePublicHttpsSubscribers = true);
        await using var _s = server;

        var (response, json) = await client.SendJsonAsync(HttpMethod.Post, "/v2/webhooks", body: Hook(url));

        Assert.Equal(reason is null ? 201 : 400, (int)response.StatusCode);
        if (reason is not null) Assert.Equal($"Webhook URL is not allowed: {reason}", Message(json));
    }

    [Fact]
    public async Task Without_the_cloud_rule_a_loopback_http_subscriber_is_accepted()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync();
        await using var _s = server;

        Assert.Equal(201, (int)(await client.SendJsonAsync(HttpMethod.Post, "/v2/webhooks", body: Hook("http://127.0.0.1:9/hook"))).Response.StatusCode);
    }
}
