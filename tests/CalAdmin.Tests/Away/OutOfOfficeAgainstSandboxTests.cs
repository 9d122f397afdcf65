using System.Net;
using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Tests.Sandbox;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Tests.Away;

/// <summary>The client's out-of-office calls against the sandbox over HTTP: each once, and Cal.com's refusals.</summary>
public sealed class OutOfOfficeAgainstSandboxTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private CalComTestHost host = null!;
    private int member;

    public async Task InitializeAsync()
    {
        (sandbox, _, _) = await SandboxTestHost.StartAsync();
        host = CalComTestHost.Create(sandbox, new Dictionary<string, string?> { ["RetryBaseDelaySeconds"] = "0.01" });
        lock (sandbox.State.Gate) member = sandbox.State.Users.First(u => u.Role == "MEMBER").Id;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    private string TeamPath => $"/v2/teams/{sandbox.State.Team.Id}/users/{member}/ooo";

    [Fact]
    public async Task Creates_a_team_members_entry_once_as_whole_UTC_days_and_reads_it_back()
    {
        var created = await host.Client.CreateOutOfOfficeAsync(member,
            new CreateOutOfOfficeRequest("2026-02-10T09:30:00.000Z", "2026-02-11T12:00:00.000Z", "Flu", null, CalComOutOfOfficeReasons.Sick));

        Assert.Equal(member, created.UserId);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero), created.Start);
        Assert.Equal(new DateTimeOffset(2026, 2, 11, 23, 59, 59, 999, TimeSpan.Zero), created.End);
        Assert.Equal("sick", created.Reason);
        Assert.Equal(1, sandbox.State.RequestsByPath.GetValueOrDefault(TeamPath));

        var listed = Assert.Single(await host.Client.GetAllOutOfOfficeAsync(member));
        Assert.Equal(created.Id, listed.Id);
        Assert.Equal("Flu", listed.Notes);
        Assert.Equal(2, sandbox.State.RequestsByPath.GetValueOrDefault(TeamPath));
    }

    [Fact]
    public async Task An_overlapping_entry_is_refused_with_409_and_an_end_before_the_start_with_400()
    {
        await host.Client.CreateOutOfOfficeAsync(member, new CreateOutOfOfficeRequest("2026-02-10T00:00:00Z", "2026-02-12T00:00:00Z"));

        var overlap = await Assert.ThrowsAsync<CalComException>(() => host.Client.CreateOutOfOfficeAsync(member,
            new CreateOutOfOfficeRequest("2026-02-12T00:00:00Z", "2026-02-13T00:00:00Z")));
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);

        var backwards = await Assert.ThrowsAsync<CalComException>(() => host.Client.CreateOutOfOfficeAsync(member,
            new CreateOutOfOfficeRequest("2026-03-05T00:00:00Z", "2026-03-01T00:00:00Z")));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        lock (sandbox.State.Gate) Assert.Single(sandbox.State.OutOfOffice);
    }

    [Fact]
    public async Task A_members_key_may_not_mark_a_colleague_away()
    {
        await using var asMember = CalComTestHost.Create(sandbox, new Dictionary<string, string?> { ["ApiKey"] = sandbox.IssueKeyForRole("MEMBER") });

        var refused = await Assert.ThrowsAsync<CalComException>(() => asMember.Client.CreateOutOfOfficeAsync(member,
            new CreateOutOfOfficeRequest("2026-02-10T00:00:00Z", "2026-02-10T00:00:00Z")));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        lock (sandbox.State.Gate) Assert.Empty(sandbox.State.OutOfOffice);
    }

    [Fact]
    public async Task The_organization_route_is_used_when_an_organization_is_configured()
    {
        await using var org = CalComTestHost.Create(sandbox, new Dictionary<string, string?> { ["OrganizationId"] = sandbox.State.Organization.Id.ToString() });

        await org.Client.CreateOutOfOfficeAsync(member, new CreateOutOfOfficeRequest("2026-02-10T00:00:00Z", "2026-02-10T00:00:00Z"));
        Assert.Single(await org.Client.GetAllOutOfOfficeAsync(member));

        Assert.Equal(2, sandbox.State.RequestsByPath.GetValueOrDefault($"/v2/organizations/{sandbox.State.Organization.Id}/users/{member}/ooo"));
        Assert.Equal(0, sandbox.State.RequestsByPath.GetValueOrDefault(TeamPath));
    }

    [Fact]
    public async Task OOO_CREATED_goes_signed_to_the_organization_webhook_with_the_example_deliverys_keys()
    {
        await using var subscriber = await WebhookSubscriber.StartAsync();
        lock (sandbox.State.Gate)
        {
            var webhook = new SandboxWebhook { Id = Guid.NewGuid().ToString(), Scope = WebhookScope.Organization, OwnerId = sandbox.State.Organization.Id, SubscriberUrl = subscriber.Url, Secret = "s3cret" };
            webhook.Triggers.Add("OOO_CREATED");
            sandbox.State.Webhooks.Add(webhook);
        }

        var created = await host.Client.CreateOutOfOfficeAsync(member, new CreateOutOfOfficeRequest("2026-02-10T00:00:00Z", "2026-02-10T00:00:00Z", null, null, "vacation"));

        var delivery = await subscriber.NextAsync();
        Assert.Equal(WebhookDispatcherSign(delivery.Body), delivery.Headers["X-Cal-Signature-256"]);
        using var doc = JsonDocument.Parse(delivery.Body);
        Assert.Equal("OOO_CREATED", doc.RootElement.GetProperty("triggerEvent").GetString());
        var entry = doc.RootElement.GetProperty("payload").GetProperty("oooEntry");
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "ooo_created.json")))
            .RootElement.GetProperty("payload").GetProperty("oooEntry");
        Assert.Equal(example.EnumerateObject().Select(p => p.Name).Order(), entry.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(created.Id, entry.GetProperty("id").GetInt32());
        Assert.Equal(member, entry.GetProperty("user").GetProperty("id").GetInt32());
        Assert.Equal("ooo_reasons_vacation", entry.GetProperty("reason").GetProperty("reason").GetString());
    }

    private static string WebhookDispatcherSign(byte[] body) =>
        CalAdmin.Sandbox.Webhooks.WebhookDispatcher.Sign(System.Text.Encoding.UTF8.GetString(body), "s3cret");
}
