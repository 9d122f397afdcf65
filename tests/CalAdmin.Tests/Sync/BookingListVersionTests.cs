using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>
/// The first import and reconciliation read the whole bookings list in both of Cal.com's pagings, against the sandbox
/// over HTTP: 2026-05-01 by cursor (the default), and 2024-08-13 by take/skip also when Cal.com's total is too low or
/// null, as its estimated counts for a team admin can be. The version settings are what reaches the sandbox.
/// </summary>
public sealed class BookingListVersionTests
{
    public static TheoryData<string, BookingsTotal> Pagings() => new()
    {
        { "2026-05-01", BookingsTotal.Exact },
        { "2024-08-13", BookingsTotal.Underestimate },
        { "2024-08-13", BookingsTotal.Null },
    };

    [Theory]
    [MemberData(nameof(Pagings))]
    public async Task The_first_import_ends_complete(string listVersion, BookingsTotal total)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, BookingCount = 300, WebhookDeliveryEnabled = false, BookingsTotal = total });
        await using var host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?> { ["CalCom:ApiVersions:BookingsList"] = listVersion });
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);

        var run = (await host.Import.RunAsync(SyncTrigger.Startup)).Run;

        Assert.True(run.Succeeded, run.Error);
        var expected = TeamBookings(sandbox, b => b.Start.UtcDateTime >= run.WindowStartUtc && b.End.UtcDateTime <= run.WindowEndUtc);
        Assert.True(expected.Count > 2 * 100, $"only {expected.Count} bookings in the window: too few to need three pages");
        Assert.Equal((expected.Count, expected.Count), (run.Fetched, run.Imported));
        AssertListedWith(sandbox, listVersion);
    }

    [Theory]
    [MemberData(nameof(Pagings))]
    public async Task Reconciliation_ends_complete(string listVersion, BookingsTotal total)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, BookingCount = 300, WebhookDeliveryEnabled = false, BookingsTotal = total });
        await using var host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?>
        {
            ["CalCom:ApiVersions:BookingsList"] = listVersion,
            // No import ran: the first run looks back this far, over every seeded booking.
            ["CalAdmin:Reconcile:FirstRunLookbackHours"] = "8784",
        });
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);

        var run = (await host.Reconciliation.RunAsync(SyncTrigger.Manual)).Run;

        Assert.True(run.Succeeded, run.Error);
        var expected = TeamBookings(sandbox, b => b.UpdatedAt.UtcDateTime >= run.Watermark);
        Assert.True(expected.Count > 2 * 100, $"only {expected.Count} bookings changed: too few to need three pages");
        Assert.Equal((expected.Count, expected.Count), (run.Seen, run.Added));
        Assert.True(run.Pages >= 3, $"{run.Pages} pages");
        AssertListedWith(sandbox, listVersion);
    }

    [Theory]
    [InlineData(null, "2026-02-25")]
    [InlineData("2024-08-13", "2024-08-13")]
    public async Task The_booking_actions_version_setting_reaches_Cal_com(string? setting, string sent)
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, BookingCount = 5, WebhookDeliveryEnabled = false });
        await using var host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?> { ["CalCom:ApiVersions:BookingActions"] = setting });
        string uid;
        lock (sandbox.State.Gate) uid = sandbox.State.Bookings[0].Uid;

        var booking = await host.Get<CalAdmin.Web.Integrations.CalCom.CalComClient>().GetBookingAsync(uid);

        Assert.Equal(uid, booking.Uid);
        Assert.Equal(sent, sandbox.State.RecentRequests.Single(r => r.Path == $"/v2/bookings/{uid}").ApiVersion);
    }

    /// <summary>Every list request carried the configured version and paged as that version does.</summary>
    private static void AssertListedWith(SandboxServer sandbox, string listVersion)
    {
        var lists = sandbox.State.RecentRequests.Where(r => r.Method == "GET" && r.Path == "/v2/bookings").ToList();
        Assert.True(lists.Count >= 3, $"{lists.Count} list requests");
        Assert.All(lists, r => Assert.Equal(listVersion, r.ApiVersion));
        var paging = listVersion == "2026-05-01" ? "limit" : "take";
        Assert.All(lists, r => Assert.Equal("100", r.QueryValue(paging)));
        if (listVersion == "2026-05-01") Assert.All(lists.Skip(1), r => Assert.NotNull(r.QueryValue("cursor")));
    }

    private static List<string> TeamBookings(SandboxServer sandbox, Func<CalAdmin.Sandbox.Model.SandboxBooking, bool> where)
    {
        lock (sandbox.State.Gate)
        {
            var team = sandbox.State.Team.Id;
            bool IsTeams(int eventTypeId) => sandbox.State.FindEventType(eventTypeId) is { } e
                && (e.TeamId == team || e.ParentEventTypeId is int p && sandbox.State.FindEventType(p)?.TeamId == team);
            return sandbox.State.Bookings.Where(b => IsTeams(b.EventTypeId) && where(b)).Select(b => b.Uid).ToList();
        }
    }
}
