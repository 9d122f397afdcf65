using System.Text.Json;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>Every key belongs to a user with a team role; Cal.com's guards answer 403 with their own texts.</summary>
public sealed class ApiKeyRoleTests
{
    private static string Message(JsonElement json) => json.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task Me_is_the_user_the_key_belongs_to()
    {
        var (server, owner, _) = await SandboxTestHost.StartAsync();
        await using var _s = server;
        var member = server.State.Users.First(u => u.Role == "MEMBER");
        using var client = server.CreateClient(server.IssueKey(member.Id));

        Assert.Equal(member.Id, (await client.GetJsonAsync("/v2/me")).Json.GetProperty("data").GetProperty("id").GetInt32());
        Assert.Equal(server.State.MeUserId, (await owner.GetJsonAsync("/v2/me")).Json.GetProperty("data").GetProperty("id").GetInt32());
        using var stranger = server.CreateClient("cal_live_unknown");
        Assert.Equal(401, (int)(await stranger.GetJsonAsync("/v2/me")).Response.StatusCode);
    }

    [Fact]
    public async Task A_member_key_is_refused_memberships_organization_endpoints_and_reassignment()
    {
        var (server, _, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        var memberId = server.State.Users.First(u => u.Role == "MEMBER").Id;
        using var member = server.CreateClient(server.IssueKey(memberId));

        var (memberships, membershipsJson) = await member.GetJsonAsync("/v2/teams/1001/memberships");
        Assert.Equal(403, (int)memberships.StatusCode);
        Assert.Equal($"RolesGuard - user with id={memberId} does not have the minimum required role=TEAM_ADMIN within team with id=1001.", Message(membershipsJson));

        var (users, usersJson) = await member.GetJsonAsync("/v2/organizations/1000/users");
        Assert.Equal(403, (int)users.StatusCode);
        Assert.Equal($"RolesGuard - user with id={memberId} does not have the minimum required role=ORG_ADMIN within organization with id=1000.", Message(usersJson));
        var (orgHooks, orgHooksJson) = await member.GetJsonAsync("/v2/organizations/1000/webhooks");
        Assert.Equal(403, (int)orgHooks.StatusCode);
        Assert.Contains("ORG_ADMIN", Message(orgHooksJson));
        var (orgMemberships, orgMembershipsJson) = await member.GetJsonAsync("/v2/organizations/1000/teams/1001/memberships");
        Assert.Equal(403, (int)orgMemberships.StatusCode);
        Assert.Contains("role=TEAM_ADMIN within organization with id=1000 team with id=1001", Message(orgMembershipsJson));

        var booking = UpcomingRoundRobinBooking(server);
        var (reassign, reassignJson) = await member.PostJsonAsync($"/v2/bookings/{booking}/reassign", new { });
        Assert.Equal(403, (int)reassign.StatusCode);
        Assert.Equal("You do not have permission to reassign this booking", Message(reassignJson));
        var (reassignTo, _) = await member.PostJsonAsync($"/v2/bookings/{booking}/reassign/{memberId}", new { });
        Assert.Equal(403, (int)reassignTo.StatusCode);
    }

    [Theory]
    [InlineData("ADMIN")]
    [InlineData("OWNER")]
    public async Task Admin_and_owner_keys_may_read_memberships_and_organization_users_and_reassign(string role)
    {
        var (server, _, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        await using var _s = server;
        using var client = server.CreateClient(server.IssueKeyForRole(role));

        Assert.Equal(200, (int)(await client.GetJsonAsync("/v2/teams/1001/memberships")).Response.StatusCode);
        Assert.Equal(200, (int)(await client.GetJsonAsync("/v2/organizations/1000/users")).Response.StatusCode);
        Assert.Equal(200, (int)(await client.GetJsonAsync("/v2/organizations/1000/teams/1001/memberships")).Response.StatusCode);
        Assert.Equal(200, (int)(await client.PostJsonAsync($"/v2/bookings/{UpcomingRoundRobinBooking(server)}/reassign", new { })).Response.StatusCode);
    }

    [Fact]
    public async Task Without_the_Admin_API_even_the_owner_is_refused_organization_endpoints()
    {
        var (server, owner, _) = await SandboxTestHost.StartAsync(o => o.OrganizationAdminApi = false);
        await using var _s = server;

        var (response, json) = await owner.GetJsonAsync("/v2/organizations/1000/webhooks");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("IsAdminAPIEnabledGuard - Organization with id=1000 does not have Admin API access. Please contact https://cal.com/sales to upgrade.", Message(json));
        Assert.Equal(200, (int)(await owner.GetJsonAsync("/v2/teams/1001/memberships")).Response.StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_is_kept_per_key()
    {
        var (server, owner, _) = await SandboxTestHost.StartAsync(o => o.RateLimitPerMinute = 2);
        await using var _s = server;
        using var member = server.CreateClient(server.IssueKeyForRole("MEMBER"));

        for (var i = 0; i < 2; i++) Assert.Equal(200, (int)(await member.GetJsonAsync("/v2/me")).Response.StatusCode);
        Assert.Equal(429, (int)(await member.GetJsonAsync("/v2/me")).Response.StatusCode);
        Assert.Equal(200, (int)(await owner.GetJsonAsync("/v2/me")).Response.StatusCode);
    }

    [Fact]
    public async Task Keys_by_role_from_settings_act_as_a_member_of_that_role()
    {
        var (server, _, _) = await SandboxTestHost.StartAsync(o => o.KeysByRole["MEMBER"] = "cal_test_member_key");
        await using var _s = server;
        using var member = server.CreateClient("cal_test_member_key");

        var me = (await member.GetJsonAsync("/v2/me")).Json.GetProperty("data").GetProperty("id").GetInt32();

        Assert.Equal("MEMBER", server.State.FindUser(me)!.Role);
        Assert.Equal(403, (int)(await member.GetJsonAsync("/v2/teams/1001/memberships")).Response.StatusCode);
    }

    private static string UpcomingRoundRobinBooking(CalAdmin.Sandbox.SandboxServer server)
    {
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        lock (server.State.Gate)
            return server.State.Bookings.First(b => b.EventTypeId == roundRobin && b.Start > server.State.Now && b.Status == "accepted").Uid;
    }
}
