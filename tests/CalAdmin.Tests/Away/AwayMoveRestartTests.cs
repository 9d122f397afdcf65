using System.Security.Claims;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Reconcile;
using CalAdmin.Web.Features.Away;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Away;

/// <summary>
/// The move job against the sandbox over HTTP, stopped in the middle and started again on a new host over the same
/// database: finished bookings are not called again, and a booking whose call went out before the stop is read back.
/// </summary>
public sealed class AwayMoveRestartTests
{
    private static ClaimsPrincipal Staff() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "desk@test.local"), new Claim(ClaimTypes.NameIdentifier, "u-desk"), new Claim(ClaimTypes.Role, Roles.Staff)], "test"));

    [Fact]
    public async Task A_restart_resumes_without_a_second_Cal_com_call_for_a_finished_booking()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            { TimeProvider = TestClock.Provider, RateLimitPerMinute = 100_000, BookingCount = 10, WebhookDeliveryEnabled = false });
        // A database outside either host's folder: disposing the first host must not take it away from the second.
        var folder = Directory.CreateTempSubdirectory("caladmin-away-").FullName;
        var first = new ReconcileHost(sandbox, Path.Combine(folder, "caladmin.db"));
        first.CreateClient().Dispose();
        await first.SyncAndImportAsync();
        // Subscribed at a dead address with delivery off: the sandbox logs each webhook it would send, one per change it made.
        await first.SubscribeAsync();

        int roundRobin;
        lock (sandbox.State.Gate) roundRobin = sandbox.State.EventTypes.First(e => e.Slug == "discovery-call").Id;
        var days = await first.Get<BookingChoices>().SlotsAsync(roundRobin, DateOnly.FromDateTime(TestClock.UtcNow.AddDays(1)), 14, TimeZoneInfo.Utc);
        // 14:00–16:00 UTC: the Berlin, UTC and New York hosts all work then, so another host is free to take over.
        var slots = days.SelectMany(d => d.Slots).Select(s => s.Start).Where(s => s.UtcDateTime.Hour is 14 or 15).ToList();
        var uids = new List<string>();
        foreach (var slot in new[] { slots[0], slots[1], slots[2] })
        {
            var made = await first.Get<BookingCommands>().CreateAsync(Staff(), new NewBooking(roundRobin, slot, "Ada Lovelace", $"ada-{uids.Count}@example.com", "UTC"));
            Assert.True(made.Succeeded, made.Message);
            uids.Add(made.BookingUid!);
        }
        var (a, b, c) = (uids[0], uids[1], uids[2]);
        var away = await first.QueryAsync(db => db.BookingHosts.Where(h => h.Booking.Uid == c).Select(h => h.Host).FirstAsync());
        var preview = await first.QueryAsync(db => db.Bookings.Where(x => uids.Contains(x.Uid))
            .Select(x => new AwayBooking(x.Uid, x.Title, x.StartUtc, x.EndUtc, x.Status, SchedulingType.RoundRobin, null, null, "", 0, AwayPlan.Reassign)).ToListAsync());
        var moveId = await first.Get<AwayMoves>().StartAsync(Staff(), away.Id, preview.Min(p => p.StartUtc), preview.Max(p => p.EndUtc),
            [new AwayItemPlan(a, AwayPlan.Reassign), new AwayItemPlan(b, AwayPlan.Cancel, Reason: "Host is ill"), new AwayItemPlan(c, AwayPlan.Reassign)], preview);

        // The first run stops while B's cancellation is on its way (held by the sandbox until the host goes away).
        sandbox.Faults.DelayNext($"/v2/bookings/{b}/cancel", TimeSpan.FromSeconds(60));
        using var stop = new CancellationTokenSource();
        var run = first.Get<AwayMoveJob>().RunAsync(moveId, stop.Token);
        await Eventually.TrueAsync(async () => await StateAsync(first, moveId, b) == AwayItemState.Calling, "B's call under way", 30_000);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var itemA = await first.QueryAsync(db => db.AwayMoveItems.FirstAsync(i => i.MoveId == moveId && i.BookingUid == a));
        Assert.True(itemA.State == AwayItemState.Done, $"{itemA.State}: {itemA.Result}");

        // C's call went out just before the stop: Cal.com reassigned it, CalAdmin only saved "Calling".
        using (var direct = sandbox.CreateClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/bookings/{c}/reassign");
            request.Headers.Add("cal-api-version", "2026-02-25");
            Assert.True((await direct.SendAsync(request)).IsSuccessStatusCode);
        }
        await first.QueryAsync(db => db.AwayMoveItems.Where(i => i.MoveId == moveId && i.BookingUid == c)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, AwayItemState.Calling)));
        // Whether the held request reached Cal.com before the stop cut it off is up to the network: the booking says.
        bool bWentThrough;
        lock (sandbox.State.Gate) bWentThrough = sandbox.State.FindBooking(b)!.Status == "cancelled";
        var databaseFile = first.DatabaseFile;
        await first.DisposeAsync();

        // The hold may not have been used (the request can be cut off before it reaches the sandbox): Cal.com is well again.
        sandbox.Faults.ClearScheduled();
        var calls = sandbox.State.RequestsByPath.ToDictionary();
        await using var second = new ReconcileHost(sandbox, databaseFile);
        second.CreateClient().Dispose();
        await second.Get<AwayMoveJob>().RunAsync(moveId, CancellationToken.None);

        var items = await second.QueryAsync(db => db.AwayMoveItems.Where(i => i.MoveId == moveId).ToDictionaryAsync(i => i.BookingUid));
        var story = string.Join("; ", items.Values.Select(i => $"{i.BookingUid} {i.Plan} {i.State}: {i.Result}"));
        int Since(string path) => sandbox.State.RequestsByPath.GetValueOrDefault(path) - calls.GetValueOrDefault(path);
        Assert.True(Since($"/v2/bookings/{a}/reassign") == 0, story);
        Assert.True(Since($"/v2/bookings/{c}/reassign") == 0, story);
        Assert.True(Since($"/v2/bookings/{b}/cancel") == (bWentThrough ? 0 : 1), $"went through: {bWentThrough}; {story}");
        Assert.All(items.Values, i => Assert.True(i.State == AwayItemState.Done, $"{i.BookingUid} {i.State}: {i.Result}"));
        Assert.Contains("reading the booking back", items[c].Result);
        lock (sandbox.State.Gate)
        {
            Assert.Equal("cancelled", sandbox.State.FindBooking(b)!.Status);
            Assert.DoesNotContain(away.CalComUserId, sandbox.State.FindBooking(c)!.HostIds);
        }
        // One history row for A's reassignment (made by the job), and the move is finished.
        Assert.Equal(1, await second.QueryAsync(db => db.Reassignments.CountAsync(r => r.Booking.Uid == a)));
        Assert.NotNull(await second.QueryAsync(db => db.AwayMoves.Where(m => m.Id == moveId).Select(m => m.FinishedAt).FirstAsync()));
    }

    private static Task<AwayItemState> StateAsync(ReconcileHost host, int moveId, string uid) =>
        host.QueryAsync(db => db.AwayMoveItems.Where(i => i.MoveId == moveId && i.BookingUid == uid).Select(i => i.State).FirstAsync());
}
