using CalAdmin.Sandbox;
using CalAdmin.Tests.Sync;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>
/// The client's reading of the team in pages that overlap by one (what the team sync reads): every member once, and a
/// reading the team shifted under starts over instead of missing someone or seeing someone twice.
/// </summary>
public sealed class OverlappedMembersTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private CalComTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync(teamSize: 600);
        host = CalComTestHost.Create(sandbox, new Dictionary<string, string?>
        {
            ["AttemptTimeoutSeconds"] = "15",
            ["TotalTimeoutSeconds"] = "30",
            ["RetryBaseDelaySeconds"] = "0.01",
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    private int MembershipRequests => sandbox.State.RequestsByPath.GetValueOrDefault($"/v2/teams/{sandbox.State.Team.Id}/memberships");

    [Fact]
    public async Task Reads_600_members_once_each_in_three_overlapping_pages()
    {
        var pagesSeen = new List<(int Pages, int Members)>();

        var team = await host.Client.ReadTeamMembershipsAsync(null, (pages, members) => pagesSeen.Add((pages, members)));

        Assert.Equal(SyncTestData.Users(sandbox).Select(u => u.Id).Order(), team.Items.Select(m => m.UserId).Order());
        Assert.Equal((3, 0), (team.Pages, team.Restarts));
        Assert.Equal([(1, 250), (2, 499), (3, 600)], pagesSeen);
        Assert.Equal(3, MembershipRequests);
    }

    [Fact]
    public async Task A_member_leaving_while_the_pages_are_read_starts_the_reading_over_and_nobody_is_missed_or_seen_twice()
    {
        var users = SyncTestData.Users(sandbox);
        var changed = false;

        var team = await host.Client.ReadTeamMembershipsAsync(null, (pages, _) =>
        {
            if (pages != 1 || changed) return;
            changed = true;
            // Someone page 1 already listed leaves: every later member moves one place up, so page 2 would skip one.
            sandbox.State.RemoveMember(users[5].Id);
            sandbox.State.AddMember("Joined Meanwhile", "joined.meanwhile@example.test");
        });

        Assert.Equal(1, team.Restarts);
        Assert.Equal(team.Items.Count, team.Items.Select(m => m.UserId).Distinct().Count());
        Assert.Equal(SyncTestData.Users(sandbox).Select(u => u.Id).Order(), team.Items.Select(m => m.UserId).Order());
        Assert.Equal(team.Pages, MembershipRequests);
    }
}
