using CalAdmin.Web.Features.EventTypes;
using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Sandbox;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Sync;
using Microsoft.EntityFrameworkCore;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>The first import of the team's bookings, against the sandbox over HTTP.</summary>
public sealed class BookingImportTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private SyncTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync(teamSize: 12, bookings: 300);
        host = await SyncTestHost.StartAsync(sandbox, new Dictionary<string, string?> { ["CalAdmin:Import:BatchSize"] = "40" });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Brings_the_teams_bookings_into_the_mirror_with_their_statuses_and_hosts_and_a_second_run_changes_nothing()
    {
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        Assert.True(await host.Import.IsDueAsync());
        // The statuses checked below, made now rather than hoped for in the seeded data on the day the test runs.
        var made = new Dictionary<string, BookingStatus>
        {
            [await SandboxBookings.CreateAsync(sandbox, "enterprise-demo", "pending")] = BookingStatus.Pending,
            [await SandboxBookings.CreateAsync(sandbox, "enterprise-demo", "rejected")] = BookingStatus.Rejected,
            [await SandboxBookings.CreateAsync(sandbox, "discovery-call", "cancelled")] = BookingStatus.Cancelled,
        };

        var outcome = await host.Import.RunAsync(SyncTrigger.Startup);

        var run = outcome.Run;
        Assert.True(run.Succeeded, run.Error);
        var expected = TeamBookingsIn(run.WindowStartUtc, run.WindowEndUtc);
        Assert.True(expected.Count > 200, $"{expected.Count} bookings in the sandbox's window");
        Assert.Equal((expected.Count, expected.Count, 0), (run.Fetched, run.Imported, run.Unchanged));

        await using (var db = host.Db())
        {
            var mirrored = await db.Bookings.AsNoTracking().Include(b => b.Hosts).ThenInclude(h => h.Host).Include(b => b.Attendees).ToListAsync();
            Assert.Equal(expected.Select(b => b.Uid).Order(), mirrored.Select(b => b.Uid).Order());
            var byUid = mirrored.ToDictionary(b => b.Uid);
            foreach (var b in expected)
            {
                var m = byUid[b.Uid];
                Assert.Equal(ExpectedStatus(b.Status), m.Status);
                Assert.Equal(b.HostIds, m.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).ToList());
                Assert.Equal((b.Start.UtcDateTime, b.End.UtcDateTime), (m.StartUtc, m.EndUtc));
                Assert.Equal(b.Attendees.Select(a => a.Email).Order(), m.Attendees.Select(a => a.Email).Order());
                Assert.Equal(b.EventTypeId, m.CalComEventTypeId);
            }
            // Every booking is filed under a mirrored event type: a managed event type's bookings (made through a host's
            // child event type) under the managed one.
            var eventTypes = await db.EventTypes.AsNoTracking().ToDictionaryAsync(e => e.Id);
            Assert.All(mirrored, m => Assert.NotNull(m.EventTypeId));
            var managed = mirrored.Where(m => eventTypes[m.EventTypeId!.Value].SchedulingType == SchedulingType.Managed).ToList();
            Assert.NotEmpty(managed);
            lock (sandbox.State.Gate)
                Assert.All(managed, m => Assert.Equal(sandbox.State.FindEventType(m.CalComEventTypeId!.Value)!.ParentEventTypeId, eventTypes[m.EventTypeId!.Value].CalComId));
            Assert.All(made, m => Assert.Equal(m.Value, byUid[m.Key].Status));
            // Hosts came from the sync, not from the lazy webhook fallback.
            Assert.False(await db.Hosts.AnyAsync(h => h.NeedsReview));
        }

        var before = await BookingRowsAsync();
        Assert.False(await host.Import.IsDueAsync());
        var again = await host.Import.RunAsync(SyncTrigger.Manual);
        Assert.True(again.Run.Succeeded, again.Run.Error);
        Assert.Equal((expected.Count, 0, expected.Count), (again.Run.Fetched, again.Run.Imported, again.Run.Unchanged));
        Assert.Equal(before, await BookingRowsAsync());
    }

    [Fact]
    public async Task A_booking_a_webhook_already_brought_newer_is_not_overwritten()
    {
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var first = await host.Import.RunAsync(SyncTrigger.Startup);
        Assert.True(first.Run.Succeeded, first.Run.Error);
        string uid;
        await using (var db = host.Db())
        {
            var booking = await db.Bookings.OrderBy(b => b.Id).FirstAsync(b => b.Status == BookingStatus.Accepted);
            // As if a later BOOKING_CANCELLED delivery had been applied.
            booking.Status = BookingStatus.Cancelled;
            booking.LastEventAt = TestClock.UtcNow.AddMinutes(5);
            await db.SaveChangesAsync();
            uid = booking.Uid;
        }

        var again = await host.Import.RunAsync(SyncTrigger.Manual);

        Assert.True(again.Run.Succeeded, again.Run.Error);
        await using var check = host.Db();
        Assert.Equal(BookingStatus.Cancelled, (await check.Bookings.SingleAsync(b => b.Uid == uid)).Status);
    }

    private List<BookingView> TeamBookingsIn(DateTime from, DateTime to)
    {
        lock (sandbox.State.Gate)
        {
            var team = sandbox.State.Team.Id;
            bool IsTeams(int eventTypeId) => sandbox.State.FindEventType(eventTypeId) is { } e
                && (e.TeamId == team || e.ParentEventTypeId is int p && sandbox.State.FindEventType(p)?.TeamId == team);
            return sandbox.State.Bookings.Where(b => IsTeams(b.EventTypeId) && b.Start.UtcDateTime >= from && b.End.UtcDateTime <= to)
                .Select(b => new BookingView(b.Uid, b.Status, b.Start, b.End, b.HostIds.ToList(), b.Attendees.Select(a => (Email: a.Email, a.Name)).ToList(), b.EventTypeId))
                .ToList();
        }
    }

    private static BookingStatus ExpectedStatus(string status) => status switch
    {
        "accepted" => BookingStatus.Accepted,
        "pending" => BookingStatus.Pending,
        "cancelled" => BookingStatus.Cancelled,
        "rejected" => BookingStatus.Rejected,
        _ => throw new InvalidOperationException(status),
    };

    private async Task<string> BookingRowsAsync()
    {
        await using var db = host.Db();
        var rows = new
        {
            Bookings = await db.Bookings.AsNoTracking().OrderBy(b => b.Id).ToListAsync(),
            Hosts = await db.BookingHosts.AsNoTracking().OrderBy(h => h.BookingId).ThenBy(h => h.HostId).Select(h => new { h.BookingId, h.HostId, h.Order, h.StartUtc }).ToListAsync(),
            Attendees = await db.Attendees.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.BookingId, a.Name, a.Email, a.Absent }).ToListAsync(),
        };
        return JsonSerializer.Serialize(rows);
    }
}

internal sealed record BookingView(string Uid, string Status, DateTimeOffset Start, DateTimeOffset End, List<int> HostIds, List<(string Email, string Name)> Attendees, int EventTypeId);
