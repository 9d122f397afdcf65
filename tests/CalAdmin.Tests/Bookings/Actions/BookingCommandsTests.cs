using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>Every booking action through BookingCommands against the embedded sandbox over HTTP, and the mirror it leaves.</summary>
public sealed class BookingCommandsTests(ActionsHost host) : IClassFixture<ActionsHost>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Staff = ActionsHost.Actor(Roles.Staff);

    private BookingCommands Commands => host.Get<BookingCommands>();

    private static NewBooking Attendee(int eventTypeId, DateTimeOffset start, string name = "Grace Hopper", string? email = null,
        IReadOnlyDictionary<string, string>? fields = null) =>
        new(eventTypeId, start, name, email ?? $"guest-{Guid.NewGuid():N}@example.com", "Europe/Berlin", "+49 30 123456", fields);

    private async Task<string> CreateAsync(string slug, int skip = 0, string name = "Grace Hopper")
    {
        var id = host.EventTypeId(slug);
        var result = await Commands.CreateAsync(Staff, Attendee(id, await host.FreeSlotAsync(id, skip), name));
        Assert.True(result.Succeeded, result.Message);
        return result.BookingUid!;
    }

    private Task<Booking?> RowAsync(string uid) => host.QueryAsync(db => db.Bookings.Include(b => b.Attendees).Include(b => b.Hosts).ThenInclude(h => h.Host)
        .AsNoTracking().FirstOrDefaultAsync(b => b.Uid == uid));

    private Task<List<string>> AuditsAsync(string uid) =>
        host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == "Booking" && a.EntityId == uid).Select(a => a.Action).ToListAsync());

    [Fact]
    public async Task Create_books_in_CalCom_and_mirrors_the_row_from_its_answer_with_an_audit_entry()
    {
        var id = host.EventTypeId("discovery-call");
        var start = await host.FreeSlotAsync(id);
        var request = Attendee(id, start, "<img src=x onerror=alert(1)>");

        var result = await Commands.CreateAsync(Staff, request);

        Assert.True(result.Succeeded, result.Message);
        var row = await RowAsync(result.BookingUid!);
        Assert.NotNull(row);
        Assert.Equal(BookingStatus.Accepted, row.Status);
        Assert.Equal(start.UtcDateTime, row.StartUtc);
        Assert.Equal(id, row.CalComEventTypeId);
        var attendee = Assert.Single(row.Attendees);
        Assert.Equal("<img src=x onerror=alert(1)>", attendee.Name);
        Assert.Equal("Europe/Berlin", attendee.TimeZone);
        Assert.Single(row.Hosts);
        Assert.Equal(["booking.create"], await AuditsAsync(row.Uid));
        lock (host.Sandbox.State.Gate) Assert.NotNull(host.Sandbox.State.FindBooking(row.Uid));
    }

    [Fact]
    public async Task Cancel_with_a_reason_closes_the_row_and_the_webhook_that_follows_agrees()
    {
        var uid = await CreateAsync("discovery-call", skip: 3);

        var result = await Commands.CancelAsync(Staff, uid, "Customer called to cancel");

        Assert.True(result.Succeeded, result.Message);
        var row = await RowAsync(uid);
        Assert.Equal(BookingStatus.Cancelled, row!.Status);
        Assert.Equal("Customer called to cancel", row.CancellationReason);
        Assert.Contains("booking.cancel", await AuditsAsync(uid));

        // The BOOKING_CREATED and BOOKING_CANCELLED that follow: neither is stale, none reopens the booking.
        await host.ForwardWebhooksAsync(uid, "BOOKING_CANCELLED");
        Assert.Equal(BookingStatus.Cancelled, (await RowAsync(uid))!.Status);
        var outcomes = await host.QueryAsync(db => db.WebhookDeliveries.Where(d => d.BookingUid == uid && d.Trigger == "BOOKING_CANCELLED").Select(d => d.Outcome).ToListAsync());
        Assert.Equal([Web.Features.Webhooks.DeliveryOutcome.Applied], outcomes);
    }

    [Fact]
    public async Task Reschedule_makes_a_new_booking_linked_both_ways()
    {
        var id = host.EventTypeId("discovery-call");
        var uid = await CreateAsync("discovery-call", skip: 6);
        var newStart = await host.FreeSlotAsync(id, skip: 20, rescheduleUid: uid);

        var result = await Commands.RescheduleAsync(Staff, uid, newStart, "Moved at the customer's request");

        Assert.True(result.Succeeded, result.Message);
        Assert.NotEqual(uid, result.BookingUid);
        var old = await RowAsync(uid);
        var replacement = await RowAsync(result.BookingUid!);
        Assert.Equal(BookingStatus.Rescheduled, old!.Status);
        Assert.Equal(result.BookingUid, old.RescheduledToUid);
        Assert.Equal(uid, replacement!.RescheduledFromUid);
        Assert.Equal(newStart.UtcDateTime, replacement.StartUtc);
        Assert.Contains("booking.reschedule", await AuditsAsync(uid));
        Assert.Contains("booking.reschedule", await AuditsAsync(replacement.Uid));

        await host.ForwardWebhooksAsync(replacement.Uid, "BOOKING_RESCHEDULED");
        Assert.Equal(BookingStatus.Accepted, (await RowAsync(replacement.Uid))!.Status);
        Assert.Equal(BookingStatus.Rescheduled, (await RowAsync(uid))!.Status);
    }

    [Fact]
    public async Task Confirm_and_decline_settle_bookings_that_need_confirmation()
    {
        var first = await CreateAsync("enterprise-demo");
        var second = await CreateAsync("enterprise-demo", skip: 5);
        Assert.Equal(BookingStatus.Pending, (await RowAsync(first))!.Status);

        var confirmed = await Commands.ConfirmAsync(Staff, first);
        var declined = await Commands.DeclineAsync(Staff, second, "No budget this quarter");

        Assert.True(confirmed.Succeeded, confirmed.Message);
        Assert.True(declined.Succeeded, declined.Message);
        Assert.Equal(BookingStatus.Accepted, (await RowAsync(first))!.Status);
        var rejected = await RowAsync(second);
        Assert.Equal(BookingStatus.Rejected, rejected!.Status);
        Assert.Equal("No budget this quarter", rejected.CancellationReason);
        Assert.Contains("booking.confirm", await AuditsAsync(first));
        Assert.Contains("booking.decline", await AuditsAsync(second));
    }

    [Fact]
    public async Task No_show_marks_the_host_and_an_attendee_of_a_booking_that_has_started()
    {
        string uid, email;
        lock (host.Sandbox.State.Gate)
        {
            var past = host.Sandbox.State.Bookings.First(b => b.Start < host.Sandbox.State.Now && b.Status == "accepted" && b.Attendees.Count > 0);
            (uid, email) = (past.Uid, past.Attendees[0].Email);
        }

        var result = await Commands.MarkNoShowAsync(Staff, uid, hostAbsent: true, [new AttendeeAbsence(email, true)]);

        Assert.True(result.Succeeded, result.Message);
        var row = await RowAsync(uid);
        Assert.True(row!.HostAbsent);
        Assert.True(row.Attendees.Single(a => a.Email == email).Absent);
        Assert.Contains("booking.no-show", await AuditsAsync(uid));
    }

    [Fact]
    public async Task No_show_before_the_booking_started_is_refused_with_Cal_coms_reason()
    {
        var uid = await CreateAsync("discovery-call", skip: 9);
        var email = (await RowAsync(uid))!.Attendees[0].Email;

        var result = await Commands.MarkNoShowAsync(Staff, uid, null, [new AttendeeAbsence(email, true)]);

        Assert.False(result.Succeeded);
        Assert.Contains("once the booking has started", result.Message);
        Assert.False((await RowAsync(uid))!.Attendees[0].Absent);
    }

    [Fact]
    public async Task Reassigning_round_robin_changes_the_host_and_leaves_exactly_one_reassignment_row_after_the_webhook()
    {
        var uid = await CreateAsync("discovery-call", skip: 12);
        var before = (await RowAsync(uid))!.Hosts.Single().Host.CalComUserId;
        var choices = await host.Get<BookingChoices>().ReassignChoicesAsync(uid);
        Assert.True(choices.CanReassign);
        Assert.Equal(SchedulingType.RoundRobin, choices.Kind);
        Assert.DoesNotContain(choices.Hosts, h => h.CalComUserId == before);
        var target = choices.Hosts.First(h => h.Free);

        var result = await Commands.ReassignAsync(Staff, uid, target.CalComUserId, "Ada is ill today");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(target.CalComUserId, (await RowAsync(uid))!.Hosts.Single().Host.CalComUserId);
        await host.ForwardWebhooksAsync(uid, "BOOKING_REASSIGNED");

        Assert.Equal(target.CalComUserId, (await RowAsync(uid))!.Hosts.Single().Host.CalComUserId);
        var rows = await host.QueryAsync(db => db.Reassignments.Include(r => r.ToHost).Include(r => r.FromHost).Where(r => r.Booking.Uid == uid).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal(ReassignmentSource.CalAdmin, row.Source);
        Assert.Equal("office@test.local", row.ByUser);
        Assert.Equal("Ada is ill today", row.Reason);
        Assert.Equal(target.CalComUserId, row.ToHost!.CalComUserId);
        Assert.Equal(before, row.FromHost!.CalComUserId);
        Assert.Contains("booking.reassign", await AuditsAsync(uid));
    }

    [Fact]
    public async Task Automatic_reassignment_lets_Cal_com_pick_a_free_host()
    {
        var uid = await CreateAsync("discovery-call", skip: 15);
        var before = (await RowAsync(uid))!.Hosts.Single().Host.CalComUserId;

        var result = await Commands.ReassignAsync(Staff, uid, null, "Balance the load");

        Assert.True(result.Succeeded, result.Message);
        Assert.NotEqual(before, (await RowAsync(uid))!.Hosts.Single().Host.CalComUserId);
        Assert.Single(await host.QueryAsync(db => db.Reassignments.Where(r => r.Booking.Uid == uid).ToListAsync()));
    }

    [Fact]
    public async Task Reassigning_a_collective_booking_is_refused_clearly_and_changes_nothing()
    {
        var uid = await CreateAsync("team-onboarding");
        var row = await RowAsync(uid);
        var hostsBefore = row!.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).ToList();
        var choices = await host.Get<BookingChoices>().ReassignChoicesAsync(uid);
        Assert.False(choices.CanReassign);
        Assert.Equal(SchedulingType.Collective, choices.Kind);
        int other;
        lock (host.Sandbox.State.Gate) other = host.Sandbox.State.Users.First(u => !hostsBefore.Contains(u.Id)).Id;

        var result = await Commands.ReassignAsync(Staff, uid, other, "Trying anyway");

        Assert.False(result.Succeeded);
        Assert.Contains("only reassign round-robin bookings", result.Message);
        Assert.Contains("cancel it and book again with another host", result.Message);
        Assert.Equal(hostsBefore, (await RowAsync(uid))!.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).ToList());
        Assert.Empty(await host.QueryAsync(db => db.Reassignments.Where(r => r.Booking.Uid == uid).ToListAsync()));
        Assert.DoesNotContain("booking.reassign", await AuditsAsync(uid));
    }

    [Fact]
    public async Task A_managed_booking_is_rebooked_with_another_host_then_the_old_one_is_cancelled()
    {
        var managed = (await host.Get<BookingChoices>().EventTypesAsync()).Where(e => e.Kind == SchedulingType.Managed).ToList();
        Assert.True(managed.Count >= 2, "The sandbox seeds a managed event type with several hosts");
        var start = await host.FreeSlotAsync(managed[0].Id, skip: 2);
        var created = await Commands.CreateAsync(Staff, Attendee(managed[0].Id, start));
        Assert.True(created.Succeeded, created.Message);

        var result = await Commands.RebookWithAnotherHostAsync(Staff, created.BookingUid!, Attendee(managed[1].Id, await host.FreeSlotAsync(managed[1].Id, skip: 2)), "Host on leave");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(BookingStatus.Cancelled, (await RowAsync(created.BookingUid!))!.Status);
        Assert.Equal(BookingStatus.Accepted, (await RowAsync(result.BookingUid!))!.Status);
        Assert.Contains("booking.rebook", await AuditsAsync(created.BookingUid!));
    }

    [Fact]
    public async Task A_slot_taken_between_choosing_and_booking_is_reported_and_leaves_no_row()
    {
        var id = host.EventTypeId("team-onboarding");
        var chosen = await host.FreeSlotAsync(id, skip: 4);
        // Someone else books it directly in Cal.com while the form is open.
        await host.Get<CalComClient>().CreateBookingAsync(new CreateBookingRequest(chosen, new CreateBookingAttendee("Someone Else", "UTC", "else@example.com"), EventTypeId: id));
        var mine = Attendee(id, chosen);

        var result = await Commands.CreateAsync(Staff, mine);

        Assert.False(result.Succeeded);
        Assert.Contains("no longer free", result.Message);
        Assert.Contains("User either already has booking at this time or is not available", result.Message);
        Assert.False(await host.QueryAsync(db => db.Attendees.AnyAsync(a => a.Email == mine.Email)));
    }

    [Fact]
    public async Task A_missing_required_booking_field_is_refused_and_answering_it_books()
    {
        var id = host.EventTypeId("car-detailing-consultation");
        var questions = (await host.Get<BookingChoices>().EventTypesAsync()).Single(e => e.Id == id).Questions;
        Assert.Contains(questions, q => q.Slug == "carModel" && q.Required);
        var start = await host.FreeSlotAsync(id);

        var refused = await Commands.CreateAsync(Staff, Attendee(id, start));
        var booked = await Commands.CreateAsync(Staff, Attendee(id, start, fields: new Dictionary<string, string> { ["carModel"] = "VW Golf" }));

        Assert.False(refused.Succeeded);
        Assert.Contains("required question", refused.Message);
        Assert.Contains("carModel", refused.Message);
        Assert.True(booked.Succeeded, booked.Message);
    }

    [Fact]
    public async Task A_double_submit_calls_Cal_com_once()
    {
        var id = host.EventTypeId("discovery-call");
        var request = Attendee(id, await host.FreeSlotAsync(id, skip: 25));
        var posts = host.Requests("/v2/bookings");

        var both = await Task.WhenAll(Commands.CreateAsync(Staff, request), Commands.CreateAsync(Staff, request));
        var again = await Commands.CreateAsync(Staff, request);

        Assert.Equal(posts + 1, host.Requests("/v2/bookings"));
        Assert.All(both.Append(again), r => Assert.True(r.Succeeded, r.Message));
        Assert.Single(both.Append(again).Select(r => r.BookingUid).Distinct());
        Assert.Equal(2, both.Append(again).Count(r => r.Duplicate));

        var uid = both[0].BookingUid!;
        await Task.WhenAll(Commands.CancelAsync(Staff, uid, "twice"), Commands.CancelAsync(Staff, uid, "twice"));
        Assert.Equal(1, host.Requests($"/v2/bookings/{uid}/cancel"));
    }

    [Fact]
    public async Task A_manager_is_refused_by_every_command_before_Cal_com_is_called()
    {
        var manager = ActionsHost.Actor(Roles.Manager, "manager@test.local");
        var id = host.EventTypeId("discovery-call");
        var calls = host.Sandbox.State.RequestCount;
        var request = Attendee(id, TestClock.Now.AddDays(3));

        Func<Task>[] commands =
        [
            () => Commands.CreateAsync(manager, request),
            () => Commands.CancelAsync(manager, "any", "why"),
            () => Commands.RescheduleAsync(manager, "any", TestClock.Now.AddDays(2), null),
            () => Commands.ConfirmAsync(manager, "any"),
            () => Commands.DeclineAsync(manager, "any", "why"),
            () => Commands.MarkNoShowAsync(manager, "any", true, []),
            () => Commands.ReassignAsync(manager, "any", 101, "why"),
            () => Commands.RebookWithAnotherHostAsync(manager, "any", request, "why"),
        ];
        foreach (var command in commands)
            await Assert.ThrowsAsync<UnauthorizedAccessException>(command);
        Assert.Equal(calls, host.Sandbox.State.RequestCount);
    }
}
