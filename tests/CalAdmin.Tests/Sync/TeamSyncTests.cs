using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using Microsoft.EntityFrameworkCore;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>The team sync against the sandbox over HTTP, on a SQLite file: what it writes, and what it must leave alone.</summary>
public sealed class TeamSyncTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private SyncTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync();
        host = await SyncTestHost.StartAsync(sandbox);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task First_sync_brings_hosts_event_types_and_maps_new_hosts_to_new_staff_by_email()
    {
        var outcome = await host.Sync.RunAsync(SyncTrigger.Manual);

        var run = outcome.Run;
        Assert.True(run.Succeeded, run.Error);
        var users = SyncTestData.Users(sandbox);
        await using var db = host.Db();
        var hosts = await db.Hosts.AsNoTracking().ToListAsync();
        Assert.Equal(users.Select(u => (u.Id, u.Email, u.Name, u.Username, u.Role)).Order(),
            hosts.Select(h => (h.CalComUserId, h.Email!, h.Name!, h.Username!, h.TeamRole!)).Order());
        // An invitation not yet accepted is not a host yet: known, but inactive, and not mapped.
        Assert.Equal(users.Select(u => (u.Id, u.Accepted)).Order(), hosts.Select(h => (h.CalComUserId, h.Active)).Order());
        var accepted = users.Count(u => u.Accepted);
        var mappings = await db.StaffMappings.AsNoTracking().Include(m => m.Staff).ToListAsync();
        Assert.Equal(accepted, mappings.Count);
        Assert.All(mappings, m => Assert.Equal(MappingMethod.AutoByEmail, m.Method));
        Assert.All(mappings, m => Assert.Equal(users.Single(u => u.Id.ToString() == m.ExternalId).Email.ToLowerInvariant(), m.Staff.NormalizedEmail));

        // Event types with Cal.com's round-robin settings ("low".."highest" on the wire, 0–4 here).
        int teamEventTypes;
        lock (sandbox.State.Gate) teamEventTypes = sandbox.State.EventTypes.Count(e => e.TeamId == sandbox.State.Team.Id);
        var eventTypes = await db.EventTypes.AsNoTracking().Include(e => e.Hosts).ThenInclude(h => h.Host).ToListAsync();
        Assert.Equal(teamEventTypes, eventTypes.Count);
        var discovery = eventTypes.Single(e => e.Slug == "discovery-call");
        Assert.Equal(SchedulingType.RoundRobin, discovery.SchedulingType);
        lock (sandbox.State.Gate)
        {
            // Cal.com reports a stored 0 (lowest) as "medium": the mirror holds what the API says.
            var expected = sandbox.State.EventTypes.Single(e => e.Slug == "discovery-call").Hosts.Select(h => (h.UserId, (int?)(h.Priority == 0 ? 2 : h.Priority))).Order().ToList();
            Assert.Equal(expected, discovery.Hosts.Select(h => (h.Host.CalComUserId, h.Priority)).Order().ToList());
        }
        Assert.Contains(eventTypes, e => e.SchedulingType == SchedulingType.Collective);

        Assert.Equal((users.Count, 0, 0, accepted, 0), (run.Added, run.Updated, run.Deactivated, run.AutoMapped, run.Conflicts));
        Assert.Equal(1, outcome.MembershipPages);
        Assert.Equal(outcome.MembershipPages + outcome.EventTypeCalls, run.RequestsMade);
        var stored = await db.SyncRuns.AsNoTracking().SingleAsync();
        Assert.True(stored.Succeeded);
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal(SyncTrigger.Manual, stored.Trigger);
        Assert.Equal(run.RequestsMade, stored.RequestsMade);
    }

    [Fact]
    public async Task A_managed_event_type_is_mirrored_with_its_childrens_owners_as_hosts_and_confirmation_from_the_policy()
    {
        int parentId;
        List<int> owners, childIds;
        lock (sandbox.State.Gate)
        {
            var parent = sandbox.State.EventTypes.Single(e => e.SchedulingType == CalAdmin.Sandbox.Model.SchedulingTypes.Managed && e.IsTeamEvent);
            parentId = parent.Id;
            var children = sandbox.State.EventTypes.Where(e => e.ParentEventTypeId == parent.Id).ToList();
            owners = children.Select(c => c.OwnerId!.Value).Order().ToList();
            childIds = children.Select(c => c.Id).ToList();
        }
        Assert.NotEmpty(owners);

        Assert.True((await host.Sync.RunAsync(SyncTrigger.Manual)).Run.Succeeded);

        await using var check = host.Db();
        var managed = await check.EventTypes.AsNoTracking().Include(e => e.Hosts).ThenInclude(h => h.Host).SingleAsync(e => e.CalComId == parentId);
        Assert.Equal(SchedulingType.Managed, managed.SchedulingType);
        Assert.Equal(owners, managed.Hosts.Select(h => h.Host.CalComUserId).Order().ToList());
        Assert.False(await check.EventTypes.AnyAsync(e => childIds.Contains(e.CalComId))); // not event types of their own
        // confirmationPolicy {disabled: true} is no confirmation; only the event type with a policy needs one.
        Assert.Equal(["enterprise-demo"], await check.EventTypes.Where(e => e.RequiresConfirmation).Select(e => e.Slug).ToListAsync());
    }

    [Fact]
    public async Task A_childs_booking_that_came_before_the_sync_is_filed_under_the_managed_event_type_by_its_title_and_host()
    {
        int parentId, childId, owner;
        lock (sandbox.State.Gate)
        {
            var child = sandbox.State.EventTypes.First(e => e.ParentEventTypeId is not null);
            (parentId, childId, owner) = (child.ParentEventTypeId!.Value, child.Id, child.OwnerId!.Value);
        }
        var start = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        await using (var db = host.Db())
        {
            // As a BOOKING_CREATED delivery leaves it before any sync: the child's id and title (eventTitle), its organizer.
            var organizer = new CalAdmin.Web.Features.Hosts.Host { CalComUserId = owner, Active = true, NeedsReview = true, CreatedAt = start, UpdatedAt = start };
            db.Bookings.Add(new Booking
            {
                Uid = "managed-before-sync", Title = "Support Session between Ann and Bo", StartUtc = start, EndUtc = start.AddMinutes(30),
                Status = BookingStatus.Accepted, CalComEventTypeId = childId, CalComEventTypeTitle = "Support Session", CreatedAt = start, UpdatedAt = start,
                Hosts = [new BookingHost { Host = organizer, StartUtc = start }],
            });
            await db.SaveChangesAsync();
        }

        Assert.True((await host.Sync.RunAsync(SyncTrigger.Manual)).Run.Succeeded);

        await using var check = host.Db();
        var managed = await check.EventTypes.AsNoTracking().Include(e => e.Children).SingleAsync(e => e.CalComId == parentId);
        Assert.Equal(managed.Id, (await check.Bookings.SingleAsync(b => b.Uid == "managed-before-sync")).EventTypeId);
        Assert.Equal([(childId, (int?)owner)], managed.Children.Select(c => (c.CalComId, c.OwnerCalComUserId)).ToList());
    }

    [Fact]
    public async Task A_second_unchanged_run_changes_not_a_single_row()
    {
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var before = await host.RowsAsync();

        var second = await host.Sync.RunAsync(SyncTrigger.Schedule);

        Assert.True(second.Run.Succeeded, second.Run.Error);
        Assert.Equal(before, await host.RowsAsync());
        Assert.Equal((0, 0, 0, 0, 0, 0), (second.Run.Added, second.Run.Updated, second.Run.Deactivated, second.Run.AutoMapped, second.Run.EventTypesChanged, second.Run.RowsWritten));
    }

    [Fact]
    public async Task A_manual_mapping_survives_and_a_host_that_left_keeps_its_bookings_and_shows_inactive()
    {
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var users = SyncTestData.Users(sandbox);
        var (kept, leaver) = (users[1], users[2]);
        int officeStaffId, leaverHostId;
        await using (var db = host.Db())
        {
            var office = new StaffMember { Name = "Office Anna", Email = "anna@office.test", NormalizedEmail = "anna@office.test", CreatedAt = TestClock.UtcNow, UpdatedAt = TestClock.UtcNow };
            db.Staff.Add(office);
            var leaverHost = await db.Hosts.SingleAsync(h => h.CalComUserId == leaver.Id);
            db.Bookings.Add(new Booking
            {
                Uid = "kept-booking", Title = "Booked with the leaver", StartUtc = TestClock.UtcNow.AddDays(2), EndUtc = TestClock.UtcNow.AddDays(2).AddHours(1),
                CreatedAt = TestClock.UtcNow, UpdatedAt = TestClock.UtcNow, Hosts = [new BookingHost { Host = leaverHost, StartUtc = TestClock.UtcNow.AddDays(2) }],
            });
            await db.SaveChangesAsync();
            (officeStaffId, leaverHostId) = (office.Id, leaverHost.Id);
        }
        var auto = await MappingOfAsync(kept.Id);
        var remap = await host.Get<StaffMappings>().RemapAsync(SyncTestData.Admin, auto.Id, auto.Version, officeStaffId, "Anna covers this calendar");
        Assert.True(remap.Succeeded, remap.Error);
        var manual = await MappingOfAsync(kept.Id);
        var leaverMapping = await MappingOfAsync(leaver.Id);

        lock (sandbox.State.Gate) users[1].Name = "Renamed At Cal.com";
        Assert.True(sandbox.State.RemoveMember(leaver.Id));
        var run = (await host.Sync.RunAsync(SyncTrigger.Schedule)).Run;

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal((1, 1), (run.Updated, run.Deactivated));
        var after = await MappingOfAsync(kept.Id);
        Assert.Equal((manual.Id, manual.Version, MappingMethod.Manual, officeStaffId, manual.UpdatedAt), (after.Id, after.Version, after.Method, after.StaffId, after.UpdatedAt));
        await using var check = host.Db();
        var gone = await check.Hosts.AsNoTracking().SingleAsync(h => h.Id == leaverHostId);
        Assert.False(gone.Active);
        Assert.Equal(leaverHostId, (await check.BookingHosts.AsNoTracking().SingleAsync(b => b.Booking.Uid == "kept-booking")).HostId);
        var stillMapped = await MappingOfAsync(leaver.Id);
        Assert.Equal((leaverMapping.Id, leaverMapping.Version), (stillMapped.Id, stillMapped.Version));
        var board = await host.Get<MappingBoard>().LoadAsync(SyncTestData.Admin, MappingFilter.Orphaned);
        Assert.Contains(board.Rows, r => r.CalComUserId == leaver.Id.ToString());
    }

    [Fact]
    public async Task Conflicts_are_recorded_instead_of_guessed_and_stay_untouched_while_they_hold()
    {
        Assert.True((await host.Sync.RunAsync(SyncTrigger.Startup)).Run.Succeeded);
        var users = SyncTestData.Users(sandbox);
        var (elsewhere, changing) = (users[3], users[4]);

        // A staff member who is mapped (by hand) to one Cal.com user, and whose email a new Cal.com user then has.
        var dee = new StaffMember { Name = "Dee Office", Email = "dee@office.test", NormalizedEmail = "dee@office.test", CreatedAt = TestClock.UtcNow, UpdatedAt = TestClock.UtcNow };
        await using (var db = host.Db())
        {
            db.Staff.Add(dee);
            await db.SaveChangesAsync();
        }
        var existing = await MappingOfAsync(elsewhere.Id);
        Assert.True((await host.Get<StaffMappings>().RemapAsync(SyncTestData.Admin, existing.Id, existing.Version, dee.Id, "Dee works under this account")).Succeeded);
        var newcomer = sandbox.State.AddMember("Dee Newcomer", "Dee@Office.test");
        // Two Cal.com users with one email.
        var twin1 = sandbox.State.AddMember("Twin One", "twin@example.test");
        var twin2 = sandbox.State.AddMember("Twin Two", "TWIN@example.test", username: "twin-two");
        // A mapped user changes email at Cal.com.
        var mappedBefore = await MappingOfAsync(changing.Id);
        lock (sandbox.State.Gate) changing.Email = "someone.else@example.test";

        var run = (await host.Sync.RunAsync(SyncTrigger.Schedule)).Run;

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(3, run.Conflicts);
        Assert.Equal(0, run.AutoMapped);
        await using (var db = host.Db())
        {
            var conflicts = await db.SyncConflicts.AsNoTracking().Where(c => c.ResolvedAt == null).ToListAsync();
            conflicts = conflicts.OrderBy(c => c.Kind).ToList();
            Assert.Equal([SyncConflictKind.SharedEmail, SyncConflictKind.StaffMappedElsewhere, SyncConflictKind.EmailChanged], conflicts.Select(c => c.Kind));
            Assert.Contains($"{twin1.Id}, {twin2.Id}", conflicts[0].Reason);
            Assert.Equal((newcomer.Id, dee.Id), (conflicts[1].CalComUserId, conflicts[1].StaffId));
            Assert.Contains("someone.else@example.test", conflicts[2].Reason);
            Assert.All(conflicts, c => Assert.Equal(run.Id, c.FirstSeenRunId));

            string[] unmapped = [twin1.Id.ToString(), twin2.Id.ToString(), newcomer.Id.ToString()];
            Assert.False(await db.StaffMappings.AnyAsync(m => unmapped.Contains(m.ExternalId)));
            Assert.False(await db.Staff.AnyAsync(s => s.NormalizedEmail == "twin@example.test"));
            Assert.Equal("someone.else@example.test", (await db.Hosts.SingleAsync(h => h.CalComUserId == changing.Id)).NormalizedEmail);
        }
        var mappedAfter = await MappingOfAsync(changing.Id);
        Assert.Equal((mappedBefore.Version, mappedBefore.StaffId), (mappedAfter.Version, mappedAfter.StaffId));

        // Nothing changed at Cal.com: the open conflicts are neither rewritten nor duplicated.
        var before = await host.RowsAsync();
        var again = (await host.Sync.RunAsync(SyncTrigger.Schedule)).Run;
        Assert.Equal((3, 0), (again.Conflicts, again.RowsWritten));
        Assert.Equal(before, await host.RowsAsync());

        // The twins sort themselves out at Cal.com: that conflict is resolved, the others stay.
        lock (sandbox.State.Gate) twin2.Email = "twin.two@example.test";
        var third = (await host.Sync.RunAsync(SyncTrigger.Schedule)).Run;
        Assert.Equal(2, third.Conflicts);
        await using (var db = host.Db())
            Assert.NotNull((await db.SyncConflicts.AsNoTracking().SingleAsync(c => c.Kind == SyncConflictKind.SharedEmail)).ResolvedAt);
    }

    [Fact]
    public async Task Two_overlapping_runs_never_both_commit()
    {
        Task<SyncOutcome>? second = null;
        host.Progress.PageFetched += _ => second ??= host.Sync.RunAsync(SyncTrigger.Manual);

        var first = await host.Sync.RunAsync(SyncTrigger.Schedule);
        var other = await second!;

        Assert.True(first.Run.Succeeded, first.Run.Error);
        Assert.True(other.Skipped);
        Assert.False(other.Run.Succeeded);
        Assert.Contains("Another sync is running", other.Run.Error);
        Assert.Equal(0, other.Run.RowsWritten);
        await using var db = host.Db();
        Assert.Equal(2, await db.SyncRuns.CountAsync());
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    private async Task<StaffMapping> MappingOfAsync(int calComUserId)
    {
        await using var db = host.Db();
        return await db.StaffMappings.AsNoTracking().SingleAsync(m => m.ExternalId == calComUserId.ToString());
    }
}
