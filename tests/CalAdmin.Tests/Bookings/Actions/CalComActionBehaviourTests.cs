using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>
/// CalAdmin against booking actions as Cal.com really does them, through the real host and its sandbox over HTTP:
/// reschedules that wait for confirmation, the 2026 BOOKING_REASSIGNED, fixed hosts, the kept host, Cal.com's refusals.
/// </summary>
public sealed class CalComActionBehaviourTests(ActionsHost host) : IClassFixture<ActionsHost>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Staff = ActionsHost.Actor(Roles.Staff);

    private BookingCommands Commands => host.Get<BookingCommands>();

    private async Task<string> ConfirmedDemoAsync(int skip)
    {
        var uid = await host.BookAsync("enterprise-demo", skip);
        var confirmed = await Commands.ConfirmAsync(Staff, uid);
        Assert.True(confirmed.Succeeded, confirmed.Message);
        return uid;
    }

    private (int Fixed, int RoundRobin) SurveyHosts(string uid)
    {
        lock (host.Sandbox.State.Gate)
        {
            var fixedHost = host.Sandbox.State.EventTypes.Single(e => e.Slug == "site-survey").Hosts.Single(h => h.Mandatory).UserId;
            return (fixedHost, host.Sandbox.State.FindBooking(uid)!.HostIds.Single(id => id != fixedHost));
        }
    }

    [Fact]
    public async Task Staff_rescheduling_a_booking_that_needs_confirmation_is_told_it_waits_and_the_BOOKING_REQUESTED_keeps_the_link()
    {
        var uid = await ConfirmedDemoAsync(30);
        var newStart = await host.FreeSlotAsync(host.EventTypeId("enterprise-demo"), skip: 45, rescheduleUid: uid);

        var result = await Commands.RescheduleAsync(Staff, uid, newStart, "Customer asked");

        Assert.True(result.Succeeded, result.Message);
        Assert.StartsWith("Rescheduled; waiting for confirmation.", result.Message);
        lock (host.Sandbox.State.Gate) Assert.Equal("office@test.local", host.Sandbox.State.FindBooking(result.BookingUid!)!.RescheduledByEmail);
        await host.ForwardWebhooksAsync(result.BookingUid!, "BOOKING_REQUESTED");
        var replacement = await host.RowAsync(result.BookingUid!);
        Assert.Equal(BookingStatus.Pending, replacement!.Status);
        Assert.Equal(uid, replacement.RescheduledFromUid);
        var old = await host.RowAsync(uid);
        Assert.Equal(BookingStatus.Rescheduled, old!.Status);
        Assert.Equal(result.BookingUid, old.RescheduledToUid);
    }

    [Fact]
    public async Task A_BOOKING_REQUESTED_with_rescheduleUid_closes_the_old_booking_and_links_it_like_a_reschedule()
    {
        var uid = await ConfirmedDemoAsync(33);
        // Moved in Cal.com itself (no rescheduledBy): only the webhook tells CalAdmin.
        var moved = await host.Get<CalComClient>().RescheduleBookingAsync(uid,
            new RescheduleBookingRequest(await host.FreeSlotAsync(host.EventTypeId("enterprise-demo"), skip: 50, rescheduleUid: uid)));

        await host.ForwardWebhooksAsync(moved.Uid, "BOOKING_REQUESTED");

        var old = await host.RowAsync(uid);
        Assert.Equal(BookingStatus.Rescheduled, old!.Status);
        Assert.Equal(moved.Uid, old.RescheduledToUid);
        var replacement = await host.RowAsync(moved.Uid);
        Assert.Equal(BookingStatus.Pending, replacement!.Status);
        Assert.Equal(uid, replacement.RescheduledFromUid);
    }

    [Fact]
    public async Task The_organizer_rescheduling_from_CalAdmin_is_confirmed_at_once()
    {
        var uid = await ConfirmedDemoAsync(36);
        var organizer = (await host.RowAsync(uid))!.Hosts.OrderBy(h => h.Order).First().Host.Email!;
        var newStart = await host.FreeSlotAsync(host.EventTypeId("enterprise-demo"), skip: 55, rescheduleUid: uid);

        var result = await Commands.RescheduleAsync(ActionsHost.Actor(Roles.Staff, organizer), uid, newStart, null);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("The booking is moved; Cal.com gave it a new booking id.", result.Message);
        Assert.Equal(BookingStatus.Accepted, (await host.RowAsync(result.BookingUid!))!.Status);
        await host.ForwardWebhooksAsync(result.BookingUid!, "BOOKING_RESCHEDULED");
        Assert.Equal(BookingStatus.Accepted, (await host.RowAsync(result.BookingUid!))!.Status);
    }

    [Fact]
    public async Task The_2026_BOOKING_REASSIGNED_writes_one_history_row_from_the_removed_to_the_added_host()
    {
        var uid = await host.BookAsync("site-survey", skip: 1);
        var (fixedHost, before) = SurveyHosts(uid);

        await host.Get<CalComClient>().ReassignBookingAsync(uid);
        var (_, after) = SurveyHosts(uid);
        await host.ForwardWebhooksAsync(uid, "BOOKING_REASSIGNED");

        var row = Assert.Single(await host.HistoryAsync(uid));
        Assert.Equal(ReassignmentSource.CalComWebhook, row.Source);
        Assert.Equal(before, row.FromHost!.CalComUserId);
        Assert.Equal(after, row.ToHost!.CalComUserId);
        Assert.Equal(new[] { fixedHost, after }.Order(), (await host.RowAsync(uid))!.Hosts.Select(h => h.Host.CalComUserId).Order());
    }

    [Fact]
    public async Task Reassigning_from_CalAdmin_replaces_the_round_robin_host_and_never_offers_or_replaces_the_fixed_host()
    {
        var uid = await host.BookAsync("site-survey", skip: 3);
        var (fixedHost, before) = SurveyHosts(uid);

        var choices = await host.Get<BookingChoices>().ReassignChoicesAsync(uid);
        var result = await Commands.ReassignAsync(Staff, uid, null, "Surveyor is ill");
        await host.ForwardWebhooksAsync(uid, "BOOKING_REASSIGNED");

        Assert.True(choices.CanReassign);
        Assert.Equal(before, choices.CurrentHostId);
        Assert.NotNull(choices.CurrentHostName);
        Assert.DoesNotContain(choices.Hosts, h => h.CalComUserId == fixedHost || h.CalComUserId == before);
        Assert.NotEmpty(choices.Hosts);
        Assert.True(result.Succeeded, result.Message);
        var (_, after) = SurveyHosts(uid);
        var history = Assert.Single(await host.HistoryAsync(uid));
        Assert.Equal(ReassignmentSource.CalAdmin, history.Source);
        Assert.Equal(before, history.FromHost!.CalComUserId);
        Assert.Equal(after, history.ToHost!.CalComUserId);
        Assert.Contains((await host.RowAsync(uid))!.Hosts, h => h.Host.CalComUserId == fixedHost);
    }

    [Fact]
    public async Task A_reassignment_Cal_com_answers_with_the_same_host_is_said_plainly_and_leaves_no_history()
    {
        var uid = await host.BookAsync("discovery-call", skip: 35);
        var current = (await host.RowAsync(uid))!.Hosts.Single().Host;

        var result = await Commands.ReassignAsync(Staff, uid, current.CalComUserId, "Try the same person");

        Assert.False(result.Succeeded);
        Assert.Equal($"Cal.com kept {current.Name} as host: nobody else was available. Nothing changed.", result.Message);
        Assert.Empty(await host.HistoryAsync(uid));
    }

    [Fact]
    public async Task Cal_coms_refusals_are_shown_in_words_staff_understand()
    {
        // Between 05:00 and 06:30 UTC only the Kolkata member of the discovery-call hosts works: nobody else is free.
        var id = host.EventTypeId("discovery-call");
        var days = await host.Get<BookingChoices>().SlotsAsync(id, DateOnly.FromDateTime(host.Sandbox.State.Now.UtcDateTime.AddDays(1)), 14, TimeZoneInfo.Utc);
        var early = days.SelectMany(d => d.Slots).First(s => s.Start.UtcDateTime.TimeOfDay >= TimeSpan.FromHours(5) && s.Start.UtcDateTime.TimeOfDay <= TimeSpan.FromHours(6.5)).Start;
        var lonely = await host.BookAsync("discovery-call", at: early);

        var other = await host.BookAsync("discovery-call", skip: 38);

        var noOther = await Commands.ReassignAsync(Staff, lonely, null, "Balance the load");
        lock (host.Sandbox.State.Gate) host.Sandbox.State.Me.Role = "MEMBER";
        BookingActionResult forbidden;
        try { forbidden = await Commands.ReassignAsync(Staff, other, null, "As a member's key"); }
        finally { lock (host.Sandbox.State.Gate) host.Sandbox.State.Me.Role = "OWNER"; }
        var unmark = await Commands.MarkNoShowAsync(Staff, lonely, hostAbsent: false, []);

        Assert.False(noOther.Succeeded);
        Assert.Equal("Nobody else can take this booking at that time: every other round-robin host is busy or off. The booking keeps its host. "
            + "(Cal.com: Can't reassign the booking because no other host is available at that time.)", noOther.Message);
        Assert.False(forbidden.Succeeded);
        Assert.StartsWith("Cal.com's API key is not allowed to reassign this booking", forbidden.Message);
        Assert.False(unmark.Succeeded);
        Assert.Contains("cannot take back a host's no-show", unmark.Message);
        Assert.Empty(await host.HistoryAsync(lonely));
        Assert.Empty(await host.HistoryAsync(other));
    }

    [Fact]
    public void Cal_coms_required_field_answer_names_the_questions()
    {
        var ex = new CalComException("refused", "create booking", System.Net.HttpStatusCode.BadRequest, "BAD_REQUEST",
            "responses - {serviceNotes}error_required_field, responses - {carModel}error_required_field, ");

        Assert.Equal("A required question of this event type is not answered: carModel, serviceNotes. (Cal.com: "
            + "responses - {serviceNotes}error_required_field, responses - {carModel}error_required_field, )", CalComRefusals.Explain(ex));
    }
}
