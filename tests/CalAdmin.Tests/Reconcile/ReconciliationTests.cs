using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Reconcile;

/// <summary>
/// Reconciliation through the real host against the sandbox over HTTP: changes Cal.com never delivered are found and
/// fixed, and a host change enters the reassignment history exactly once whichever of webhook, CalAdmin and
/// reconciliation sees it first.
/// </summary>
public sealed class ReconciliationTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private ReconcileHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = 12, BookingCount = 80, WebhookDeliveryEnabled = false, RateLimitPerMinute = 100_000 });
        host = new ReconcileHost(sandbox);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_reassignment_whose_webhook_never_came_is_found_once_and_its_late_webhook_adds_no_second_row()
    {
        await host.SubscribeAsync();
        await host.SyncAndImportAsync();
        var (uid, from, to) = await ReassignInCalComAsync();

        var run = await host.ReconcileAsync();

        Assert.Equal(1, run.ReassignmentsFound);
        var row = Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal(ReassignmentSource.Reconciliation, row.Source);
        Assert.Equal((from, to), (row.FromHost!.CalComUserId, row.ToHost!.CalComUserId));
        Assert.Equal(UpdatedAt(uid), row.At);
        Assert.Equal(to, await HostOfAsync(uid));
        var fix = Assert.Single(await host.QueryAsync(db => db.ReconcileFixes.Where(f => f.RunId == run.Id && f.BookingUid == uid).ToListAsync()));
        Assert.StartsWith("host ", fix.Changes);
        Assert.False(fix.Added);

        // Cal.com's delivery turns up after all (say, a retry by hand): it confirms the change, it does not repeat it.
        await host.DeliverLateAsync(uid, "BOOKING_REASSIGNED");
        Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal(to, await HostOfAsync(uid));
        var applied = await host.QueryAsync(db => db.WebhookDeliveries.Where(d => d.BookingUid == uid && d.Trigger == "BOOKING_REASSIGNED").Select(d => d.Outcome).ToListAsync());
        Assert.Single(applied);

        var again = await host.ReconcileAsync();
        Assert.Equal(0, again.ReassignmentsFound);
        Assert.Single(await ReassignmentsAsync(uid));
    }

    [Fact]
    public async Task A_round_robin_host_replaced_beside_a_fixed_host_is_found_and_recorded_from_the_replaced_host()
    {
        await host.SubscribeAsync();
        await host.SyncAndImportAsync();
        int survey, fixedHost;
        lock (sandbox.State.Gate)
        {
            var eventType = sandbox.State.EventTypes.Single(e => e.Slug == "site-survey");
            (survey, fixedHost) = (eventType.Id, eventType.Hosts.Single(h => h.Mandatory).UserId);
        }
        var from = sandbox.State.Now.AddDays(2);
        var slot = (await host.CalCom.GetSlotsAsync(survey, from, from.AddDays(7), "UTC")).Values.SelectMany(s => s).First().Start;
        var uid = (await host.CalCom.CreateBookingAsync(new CreateBookingRequest(slot, new CreateBookingAttendee("Site Owner", "UTC", "owner@example.com"), EventTypeId: survey))).Uid;
        await host.ReconcileAsync();
        int before;
        lock (sandbox.State.Gate) before = sandbox.State.FindBooking(uid)!.HostIds.Single(id => id != fixedHost);

        await host.CalCom.ReassignBookingAsync(uid);
        var run = await host.ReconcileAsync();

        int after;
        lock (sandbox.State.Gate) after = sandbox.State.FindBooking(uid)!.HostIds.Single(id => id != fixedHost);
        Assert.Equal(1, run.ReassignmentsFound);
        var row = Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal((before, after), (row.FromHost!.CalComUserId, row.ToHost!.CalComUserId));
    }

    [Fact]
    public async Task With_delivery_on_the_webhook_records_the_reassignment_and_reconciliation_adds_none()
    {
        host.StartOnRealPort();
        await host.SubscribeAsync(new Uri(host.RealAddress!, "/webhooks/calcom").ToString());
        await host.SyncAndImportAsync();
        sandbox.Webhooks.Enabled = true;

        var (uid, from, to) = await ReassignInCalComAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var delivery = await sandbox.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == "BOOKING_REASSIGNED" && d.Body.Contains(uid), cts.Token);
        Assert.True(delivery.Succeeded, $"{delivery.StatusCode} {delivery.Error}");
        await host.Get<Web.Features.Webhooks.InboxProcessor>().WaitForIdleAsync(cts.Token);
        var row = Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal(ReassignmentSource.CalComWebhook, row.Source);

        var run = await host.ReconcileAsync();

        Assert.True(run.Seen >= 1, $"{run.Seen} bookings seen");
        Assert.Equal(0, run.ReassignmentsFound);
        Assert.DoesNotContain(uid, await host.QueryAsync(db => db.ReconcileFixes.Where(f => f.RunId == run.Id).Select(f => f.BookingUid).ToListAsync()));
        row = Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal((ReassignmentSource.CalComWebhook, from, to), (row.Source, row.FromHost!.CalComUserId, row.ToHost!.CalComUserId));
    }

    [Fact]
    public async Task A_reassignment_made_in_CalAdmin_is_not_recorded_again_by_reconciliation_or_its_late_webhook()
    {
        await host.SubscribeAsync();
        await host.SyncAndImportAsync();
        var uid = host.ReassignableBooking(skip: 2);
        var actor = Sync.SyncTestData.User(Roles.Staff, "office@test.local");

        var result = await host.Get<BookingCommands>().ReassignAsync(actor, uid, null, "Balance the load");

        Assert.True(result.Succeeded, result.Message);
        var run = await host.ReconcileAsync();
        Assert.Equal(0, run.ReassignmentsFound);
        await host.DeliverLateAsync(uid, "BOOKING_REASSIGNED");
        var row = Assert.Single(await ReassignmentsAsync(uid));
        Assert.Equal((ReassignmentSource.CalAdmin, "Balance the load"), (row.Source, row.Reason));
    }

    [Fact]
    public async Task Missed_cancellation_reschedule_and_new_booking_are_fixed_and_a_restarted_server_resumes_from_the_last_success()
    {
        var directory = Directory.CreateTempSubdirectory("caladmin-reconcile-").FullName;
        var database = Path.Combine(directory, "caladmin.db");
        try
        {
            DateTime watermark;
            await using (var first = new ReconcileHost(sandbox, database))
            {
                await first.SyncAndImportAsync();
                var firstRun = await first.ReconcileAsync();
                Assert.Equal(ReconcileWatermarkBasis.FirstImport, firstRun.WatermarkBasis);
                watermark = firstRun.NextWatermark!.Value;
                Assert.Equal(firstRun.StartedAt - TimeSpan.FromMinutes(2), watermark);
            }

            // While CalAdmin is down, Cal.com changes: none of it is delivered.
            await using var second = new ReconcileHost(sandbox, database);
            var calCom = second.CalCom;
            var cancelled = second.ReassignableBooking(skip: 0);
            var moved = second.ReassignableBooking(skip: 1);
            Assert.Equal(CalComBookingStatuses.Cancelled, (await calCom.CancelBookingAsync(cancelled, "Customer changed plans")).Status);
            var eventTypeId = EventTypeOf(moved);
            var slots = (await calCom.GetSlotsAsync(eventTypeId, TestClock.Now.AddDays(2), TestClock.Now.AddDays(16), bookingUidToReschedule: moved))
                .SelectMany(d => d.Value).Select(s => s.Start).Order().ToList();
            var replacement = await calCom.RescheduleBookingAsync(moved, new RescheduleBookingRequest(slots[0], "Clash"));
            var created = await calCom.CreateBookingAsync(new CreateBookingRequest(slots[^1],
                new CreateBookingAttendee("Hedy Lamarr", "Europe/Vienna", "hedy@example.com"), EventTypeId: eventTypeId));
            var since = TestClock.Now;

            var run = await second.ReconcileAsync();

            // The restarted server asked Cal.com from the stored watermark, on every page.
            Assert.Equal((ReconcileWatermarkBasis.LastRun, watermark), (run.WatermarkBasis, run.Watermark));
            var requests = second.BookingListRequests(since);
            Assert.Equal(run.Pages, requests.Count);
            Assert.All(requests, r => Assert.Equal(CalComTime.Format(new DateTimeOffset(watermark, TimeSpan.Zero)), r.QueryValue("afterUpdatedAt")));
            Assert.All(requests, r => Assert.Equal(sandbox.State.Team.Id.ToString(), r.QueryValue("teamId")));

            Assert.Equal((4, 2), (run.Fixed, run.Added));
            var rows = await second.QueryAsync(db => db.Bookings.AsNoTracking().Include(b => b.Attendees)
                .Where(b => b.Uid == cancelled || b.Uid == moved || b.Uid == replacement.Uid || b.Uid == created.Uid).ToDictionaryAsync(b => b.Uid));
            Assert.Equal((BookingStatus.Cancelled, "Customer changed plans"), (rows[cancelled].Status, rows[cancelled].CancellationReason));
            Assert.Equal((BookingStatus.Rescheduled, replacement.Uid), (rows[moved].Status, rows[moved].RescheduledToUid));
            Assert.Equal((BookingStatus.Accepted, moved, slots[0].UtcDateTime), (rows[replacement.Uid].Status, rows[replacement.Uid].RescheduledFromUid, rows[replacement.Uid].StartUtc));
            Assert.Equal((BookingStatus.Accepted, slots[^1].UtcDateTime), (rows[created.Uid].Status, rows[created.Uid].StartUtc));
            Assert.Equal("hedy@example.com", Assert.Single(rows[created.Uid].Attendees).Email);
            var fixes = await second.QueryAsync(db => db.ReconcileFixes.Where(f => f.RunId == run.Id).ToDictionaryAsync(f => f.BookingUid));
            Assert.Equal("status Accepted → Cancelled", fixes[cancelled].Changes);
            Assert.Equal("status Accepted → Rescheduled", fixes[moved].Changes);
            Assert.True(fixes[created.Uid].Added);

            // Nothing left to fix, and the watermark moved on.
            var next = await second.ReconcileAsync();
            Assert.Equal((0, run.NextWatermark), (next.Fixed, next.Watermark));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Cal.com moves a round-robin booking to another free host; no webhook reaches CalAdmin (unless delivery is on).</summary>
    private async Task<(string Uid, int From, int To)> ReassignInCalComAsync()
    {
        for (var skip = 0; skip < 10; skip++)
        {
            var uid = host.ReassignableBooking(skip);
            int from;
            lock (sandbox.State.Gate) from = sandbox.State.FindBooking(uid)!.HostIds[0];
            try
            {
                var answer = await host.CalCom.ReassignBookingAsync(uid);
                return (uid, from, answer.ReassignedTo!.Id);
            }
            catch (CalComException ex) when (ex.CalComMessage?.Contains("no other host is available", StringComparison.Ordinal) == true)
            {
                // This slot has no other free host; the next booking will.
            }
        }
        throw new InvalidOperationException("No reassignable booking in the sandbox");
    }

    private int EventTypeOf(string uid)
    {
        lock (sandbox.State.Gate) return sandbox.State.FindBooking(uid)!.EventTypeId;
    }

    /// <summary>Cal.com's updatedAt as its API writes it (milliseconds).</summary>
    private DateTime UpdatedAt(string uid)
    {
        lock (sandbox.State.Gate)
        {
            var t = sandbox.State.FindBooking(uid)!.UpdatedAt.UtcDateTime;
            return new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        }
    }

    private Task<List<Reassignment>> ReassignmentsAsync(string uid) =>
        host.QueryAsync(db => db.Reassignments.AsNoTracking().Include(r => r.FromHost).Include(r => r.ToHost).Where(r => r.Booking.Uid == uid).ToListAsync());

    private Task<int> HostOfAsync(string uid) =>
        host.QueryAsync(db => db.BookingHosts.Where(h => h.Booking.Uid == uid && h.Order == 0).Select(h => h.Host.CalComUserId).SingleAsync());
}
