using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Tests.Webhooks;

/// <summary>Admin → Webhooks' health check and "Create the missing ones", through the real host against the sandbox over HTTP.</summary>
public sealed class SubscriptionHealthTests
{
    [Fact]
    public async Task Health_and_one_click_creation_go_through_the_team_path_and_keep_string_ids()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync();
        var subscriptions = live.Get<WebhookSubscriptions>();

        var before = await subscriptions.CheckAsync();
        Assert.Null(before.Error);
        Assert.Equal(live.TeamEventTypeIds().Order(), before.Subscriptions.Select(s => s.EventTypeId!.Value).Order());
        Assert.All(before.Subscriptions, s => Assert.False(s.Exists));

        Assert.Equal(before.Subscriptions.Count, await subscriptions.CreateMissingAsync());

        var after = await subscriptions.CheckAsync();
        Assert.True(after.Healthy, after.Error);
        Assert.All(after.Subscriptions, s => Assert.True(Guid.TryParse(s.WebhookId, out _), s.WebhookId));
        lock (live.Sandbox.State.Gate)
            Assert.All(live.Sandbox.State.Webhooks, w => Assert.Equal(Triggers.Needed.Order(), w.Triggers.Order()));
        var paths = live.Sandbox.State.RecentRequests.Where(r => r.Path.Contains("/webhooks")).Select(r => r.Path).ToList();
        Assert.All(paths, p => Assert.StartsWith("/v2/teams/1001/event-types/", p));
        Assert.Equal(0, await subscriptions.CreateMissingAsync());
    }

    [Fact]
    public async Task A_Cal_com_without_BOOKING_REASSIGNED_gets_every_other_trigger_and_health_says_why_one_is_missing()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync(o => o.WebhookTriggers = "Legacy2025");
        var subscriptions = live.Get<WebhookSubscriptions>();
        var eventTypes = live.TeamEventTypeIds().Count;

        Assert.Equal(eventTypes, await subscriptions.CreateMissingAsync());

        lock (live.Sandbox.State.Gate)
        {
            Assert.Equal(eventTypes, live.Sandbox.State.Webhooks.Count);
            Assert.All(live.Sandbox.State.Webhooks, w => Assert.Equal(Triggers.Needed.Where(t => t != Triggers.Reassigned).Order(), w.Triggers.Order()));
        }
        // One refused attempt teaches CalAdmin the instance's list: one extra call in all, not one per event type.
        Assert.Equal(eventTypes + 1, live.Sandbox.State.RecentRequests.Count(r => r.Method == "POST" && r.Path.EndsWith("/webhooks")));

        var report = await subscriptions.CheckAsync();
        Assert.True(report.Healthy, report.Error);
        Assert.All(report.Subscriptions, s =>
        {
            var missing = Assert.Single(s.Missing);
            Assert.Equal(Triggers.Reassigned, missing.Trigger);
            Assert.True(missing.InstanceLacksIt);
            Assert.Equal("this Cal.com does not know BOOKING_REASSIGNED: host changes made in Cal.com arrive through reconciliation instead", missing.Why);
        });
    }

    [Fact]
    public async Task An_incomplete_subscription_is_completed_and_keeps_its_own_triggers()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync();
        var subscriptions = live.Get<WebhookSubscriptions>();
        await subscriptions.CreateMissingAsync();
        var eventTypeId = live.TeamEventTypeIds()[0];
        lock (live.Sandbox.State.Gate)
        {
            var webhook = live.Sandbox.State.Webhooks.Single(w => w.OwnerId == eventTypeId);
            webhook.Triggers.Clear();
            webhook.Triggers.AddRange([Triggers.Created, "FORM_SUBMITTED"]);
            webhook.Active = false;
        }

        var incomplete = (await subscriptions.CheckAsync()).Subscriptions.Single(s => s.EventTypeId == eventTypeId);
        Assert.False(incomplete.Healthy);
        Assert.Contains(Triggers.Cancelled, incomplete.MissingTriggers);
        Assert.Contains("Create the missing ones", incomplete.Missing.First().Why);

        Assert.Equal(1, await subscriptions.CreateMissingAsync());

        Assert.True((await subscriptions.CheckAsync()).Healthy);
        lock (live.Sandbox.State.Gate)
        {
            var webhook = live.Sandbox.State.Webhooks.Single(w => w.OwnerId == eventTypeId);
            Assert.True(webhook.Active);
            Assert.Contains("FORM_SUBMITTED", webhook.Triggers);
        }
    }

    [Fact]
    public async Task A_member_key_gets_a_health_error_that_says_a_team_admin_key_is_needed()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync(role: "MEMBER");

        var report = await live.Get<WebhookSubscriptions>().CheckAsync();

        Assert.False(report.Healthy);
        Assert.Contains("is not an admin/owner of team (1001)", report.Error);
        Assert.Contains("needs a team admin's or owner's API key", report.Error);
    }
}
