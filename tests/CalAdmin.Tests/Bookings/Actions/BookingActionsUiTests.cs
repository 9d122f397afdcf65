using Bunit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>The action UI rendered with the real MudBlazor components and the real feature classes of a host with its sandbox.</summary>
public sealed class BookingActionsUiTests(ActionsHost host) : ActionsUiContext(host)
{
    private readonly ActionsHost host = host;

    private static BookingDetails Details(BookingStatus status, DateTime start) => new(
        1, "uid-ui", 1, "Intro call", start, start.AddMinutes(30), status, null, null, 2001, null, null, null, [], null, null, null, false,
        MeetingState.NotStarted, [], [new BookingAttendeeLine("<b>Guest</b>", "guest@example.com", "UTC", null, false)], []);

    [Theory]
    [InlineData(Roles.Manager, false)]
    [InlineData(Roles.Staff, true)]
    [InlineData(Roles.Admin, true)]
    public void Only_staff_and_admins_see_action_buttons(string role, bool sees)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);
        Render<MudPopoverProvider>();

        var actions = Render<BookingActions>(p => p.Add(a => a.Booking, Details(BookingStatus.Pending, TestClock.UtcNow.AddDays(2))));
        var list = Render<NewBookingButton>();

        Assert.Equal(sees, actions.FindAll("[data-testid='action-cancel']").Count == 1);
        Assert.Equal(sees, actions.FindAll("[data-testid='action-confirm']").Count == 1);
        Assert.Equal(sees, list.FindAll("[data-testid='new-booking']").Count == 1);
    }

    [Fact]
    public void A_booking_that_has_started_offers_no_show_marks_but_no_reschedule()
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        Render<MudPopoverProvider>();

        var actions = Render<BookingActions>(p => p.Add(a => a.Booking, Details(BookingStatus.Accepted, TestClock.UtcNow.AddHours(-2))));

        Assert.Single(actions.FindAll("[data-testid='action-no-show']"));
        Assert.Empty(actions.FindAll("[data-testid='action-reschedule']"));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void The_host_can_be_marked_as_a_no_show_but_never_unmarked_because_Cal_com_ignores_that(bool hostAbsent, bool offered)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var popovers = Render<MudPopoverProvider>();
        var actions = Render<BookingActions>(p => p.Add(a => a.Booking,
            Details(BookingStatus.Accepted, DateTime.UtcNow.AddHours(-2)) with { HostAbsent = hostAbsent }));

        actions.Find("[data-testid='action-no-show'] button").Click();

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll("[data-testid='no-show-attendee']")));
        Assert.Equal(offered, popovers.FindAll("[data-testid='no-show-host']").Count == 1);
        Assert.DoesNotContain("Host did show up", popovers.Markup);
    }

    [Fact]
    public async Task The_reassign_dialog_names_the_round_robin_host_it_replaces_and_never_offers_the_fixed_host()
    {
        var uid = await host.BookAsync("site-survey", skip: 5);
        int fixedHost;
        lock (host.Sandbox.State.Gate) fixedHost = host.Sandbox.State.EventTypes.Single(e => e.Slug == "site-survey").Hosts.Single(h => h.Mandatory).UserId;
        Assert.Contains((await host.RowAsync(uid))!.Hosts, h => h.Host.CalComUserId == fixedHost);
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var provider = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>()
            .ShowAsync<ReassignDialog>("Reassign", new DialogParameters<ReassignDialog> { { d => d.Uid, uid } }));

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid='reassign-host']")), TimeSpan.FromSeconds(10));
        Assert.StartsWith("Replaces the round-robin host ", provider.Find("[data-testid='reassign-replaces']").TextContent.Trim());
        // Site Survey has one fixed and three round-robin hosts: only the two round-robin hosts not on the booking are offered.
        Assert.Equal(2, provider.FindAll("[data-testid='reassign-host']").Count);
    }

    [Fact]
    public async Task The_reassign_dialog_explains_why_a_collective_booking_cannot_be_reassigned_and_offers_to_rebook()
    {
        var id = host.EventTypeId("team-onboarding");
        var created = await host.Get<BookingCommands>().CreateAsync(ActionsHost.Actor(Roles.Staff),
            new NewBooking(id, await host.FreeSlotAsync(id, skip: 8), "Team Lead", "lead@example.com", "UTC"));
        Assert.True(created.Succeeded, created.Message);
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var provider = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>()
            .ShowAsync<ReassignDialog>("Reassign", new DialogParameters<ReassignDialog> { { d => d.Uid, created.BookingUid! } }));

        provider.WaitForAssertion(() =>
        {
            var text = provider.Find("[data-testid='reassign-not-possible']").TextContent;
            Assert.Contains("collective", text);
            Assert.Contains("Cal.com can only reassign round-robin bookings", text);
            Assert.Contains("book again with another host and cancel this booking", text);
        }, TimeSpan.FromSeconds(10));
        Assert.Single(provider.FindAll("[data-testid='rebook-start']"));
        Assert.Empty(provider.FindAll("[data-testid='reassign-confirm']"));
    }

    [Fact]
    public async Task The_reassign_dialog_lists_round_robin_hosts_with_free_ones_first()
    {
        var id = host.EventTypeId("discovery-call");
        var created = await host.Get<BookingCommands>().CreateAsync(ActionsHost.Actor(Roles.Staff),
            new NewBooking(id, await host.FreeSlotAsync(id, skip: 30), "Round Robin", "rr@example.com", "UTC"));
        Assert.True(created.Succeeded, created.Message);
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var provider = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>()
            .ShowAsync<ReassignDialog>("Reassign", new DialogParameters<ReassignDialog> { { d => d.Uid, created.BookingUid! } }));

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid='reassign-host']")), TimeSpan.FromSeconds(10));
        var free = provider.FindAll("[data-testid='reassign-host']").Select(h => h.GetAttribute("data-free") == "true").ToList();
        Assert.Equal(free.OrderByDescending(f => f), free);
        Assert.Single(provider.FindAll("[data-testid='reassign-automatic']"));
        Assert.True(provider.Find("[data-testid='reassign-confirm']").HasAttribute("disabled"), "A reason is required before reassigning");
    }
}
