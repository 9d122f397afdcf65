using System.Net;
using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// Event types over HTTP as Cal.com's output services write them (output-team-event-types.service.ts,
/// output-event-types.service.ts): what CalAdmin reads from the team list and from a user's event types.
/// </summary>
public sealed class EventTypeOutputTests(SharedSandbox sandbox) : IClassFixture<SharedSandbox>
{
    // The tests only read, so they share one sandbox.
    private readonly SandboxServer server = sandbox.Server;
    private readonly HttpClient client = sandbox.Client;

    private async Task<List<JsonElement>> TeamEventTypesAsync()
    {
        var (response, json) = await client.GetJsonAsync($"/v2/teams/{server.State.Team.Id}/event-types");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json.GetProperty("data").EnumerateArray().ToList();
    }

    private static List<string> Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order().ToList();

    [Fact]
    public async Task The_team_list_has_no_children_and_a_managed_event_types_hosts_are_its_childrens_owners()
    {
        List<int> childIds;
        List<int> owners;
        int managedId;
        lock (server.State.Gate)
        {
            managedId = server.State.EventTypes.Single(e => e.IsTeamEvent && e.SchedulingType == SchedulingTypes.Managed).Id;
            var children = server.State.EventTypes.Where(e => e.ParentEventTypeId == managedId).ToList();
            childIds = children.Select(c => c.Id).ToList();
            owners = children.Select(c => c.OwnerId!.Value).Order().ToList();
        }
        Assert.NotEmpty(childIds);

        var list = await TeamEventTypesAsync();

        Assert.All(list, e => Assert.False(e.TryGetProperty("children", out _), "no event type carries children"));
        Assert.DoesNotContain(list, e => childIds.Contains(e.GetProperty("id").GetInt32()));
        var managed = list.Single(e => e.GetProperty("id").GetInt32() == managedId);
        Assert.Equal("managed", managed.GetProperty("schedulingType").GetString());
        var hosts = managed.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(owners, hosts.Select(h => h.GetProperty("userId").GetInt32()).Order().ToList());
        Assert.All(hosts, h => Assert.Equal(["avatarUrl", "name", "userId", "username"], Keys(h)));
    }

    [Fact]
    public async Task Round_robin_hosts_carry_mandatory_and_priority_as_a_name_with_no_weight_and_priority_0_reads_medium()
    {
        Dictionary<int, int> stored;
        int discoveryId;
        lock (server.State.Gate)
        {
            var discovery = server.State.EventTypes.Single(e => e.Slug == "discovery-call");
            discoveryId = discovery.Id;
            stored = discovery.Hosts.ToDictionary(h => h.UserId, h => h.Priority);
        }
        Assert.Contains(0, stored.Values);

        var list = await TeamEventTypesAsync();

        var hosts = list.Single(e => e.GetProperty("id").GetInt32() == discoveryId).GetProperty("hosts").EnumerateArray().ToList();
        Assert.All(hosts, h => Assert.Equal(["avatarUrl", "mandatory", "name", "priority", "userId", "username"], Keys(h)));
        // getPriorityLabel(priority || 2): a stored 0 (lowest) is reported as medium, so "lowest" never appears.
        string[] names = ["medium", "low", "medium", "high", "highest"];
        Assert.All(hosts, h => Assert.Equal(names[stored[h.GetProperty("userId").GetInt32()]], h.GetProperty("priority").GetString()));
        var collective = list.Single(e => e.GetProperty("schedulingType").GetString() == "collective");
        Assert.All(collective.GetProperty("hosts").EnumerateArray(), h => Assert.Equal(["avatarUrl", "name", "userId", "username"], Keys(h)));
        Assert.All(list, e => Assert.False(e.TryGetProperty("users", out _), "team event types name no users"));
    }

    [Fact]
    public async Task Confirmation_is_a_policy_disabled_when_not_needed_and_never_requiresConfirmation()
    {
        var list = await TeamEventTypesAsync();
        var (_, personal) = await client.GetJsonAsync("/v2/event-types", "2024-06-14");

        var all = list.Concat(personal.GetProperty("data").EnumerateArray()).ToList();
        Assert.All(all, e => Assert.False(e.TryGetProperty("requiresConfirmation", out _), "requiresConfirmation is not in the 2024-06-14 output"));
        var demo = list.Single(e => e.GetProperty("slug").GetString() == "enterprise-demo").GetProperty("confirmationPolicy");
        Assert.Equal(["blockUnconfirmedBookingsInBooker", "type"], Keys(demo));
        Assert.Equal("always", demo.GetProperty("type").GetString());
        Assert.All(all.Where(e => e.GetProperty("slug").GetString() != "enterprise-demo"),
            e => Assert.Equal("""{"disabled":true}""", e.GetProperty("confirmationPolicy").GetRawText()));
    }

    [Fact]
    public async Task A_hosts_managed_child_is_found_by_username_and_the_parents_slug_in_the_personal_shape()
    {
        SandboxEventType child;
        string username;
        lock (server.State.Gate)
        {
            child = server.State.EventTypes.First(e => e.ParentEventTypeId is not null && e.OwnerId != server.State.MeUserId);
            username = server.State.FindUser(child.OwnerId!.Value)!.Username;
        }

        var (response, json) = await client.GetJsonAsync($"/v2/event-types?username={username}&eventSlug={child.Slug}", "2024-06-14");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal((child.Id, child.OwnerId!.Value), (found.GetProperty("id").GetInt32(), found.GetProperty("ownerId").GetInt32()));
        // The personal output has no team fields: nothing in it names the parent.
        Assert.False(found.TryGetProperty("parentEventTypeId", out _));
        Assert.False(found.TryGetProperty("hosts", out _));
    }
}
