using CalAdmin.Sandbox.Model;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Live;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;
using SchedulingType = CalAdmin.Web.Features.EventTypes.SchedulingType;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>
/// A managed event type as Cal.com reports it (no children in the team list; its hosts are the children's owners),
/// booked from New booking through the real host and its embedded sandbox over HTTP.
/// </summary>
public sealed class ManagedEventTypeBookingTests(ActionsHost host) : IClassFixture<ActionsHost>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Staff = ActionsHost.Actor(Roles.Staff);

    [Fact]
    public async Task Each_host_is_offered_and_booking_one_books_that_hosts_child_filed_under_the_managed_event_type()
    {
        Assert.True((await host.Get<TeamSync>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        int parentId;
        Dictionary<int, (int Owner, string Name)> children;
        lock (host.Sandbox.State.Gate)
        {
            var state = host.Sandbox.State;
            parentId = state.EventTypes.Single(e => e.IsTeamEvent && e.SchedulingType == SchedulingTypes.Managed).Id;
            children = state.EventTypes.Where(e => e.ParentEventTypeId == parentId)
                .ToDictionary(c => c.Id, c => (c.OwnerId!.Value, state.FindUser(c.OwnerId!.Value)!.Name));
        }

        var offered = (await host.Get<BookingChoices>().EventTypesAsync()).Where(e => e.Kind == SchedulingType.Managed).ToList();

        // One choice per host, each the host's own child event type (found by the parent's slug and the host's username).
        Assert.Equal(children.Keys.Order(), offered.Select(e => e.Id).Order());
        Assert.All(offered, e => Assert.Equal($"Support Session with {children[e.Id].Name}", e.Label));
        var chosen = offered[^1];
        var start = await host.FreeSlotAsync(chosen.Id, skip: 3);
        var request = new NewBooking(chosen.Id, start, "Ada Lovelace", $"ada-{Guid.NewGuid():N}@example.com", "Europe/Berlin", null, null);

        var result = await host.Get<BookingCommands>().CreateAsync(Staff, request);

        Assert.True(result.Succeeded, result.Message);
        lock (host.Sandbox.State.Gate)
        {
            var booked = host.Sandbox.State.FindBooking(result.BookingUid!)!;
            Assert.Equal(chosen.Id, booked.EventTypeId);
            Assert.Equal([children[chosen.Id].Owner], booked.HostIds);
        }
        await host.ForwardWebhooksAsync(result.BookingUid!, "BOOKING_CREATED");
        var row = await host.QueryAsync(db => db.Bookings.AsNoTracking().Include(b => b.EventType).Include(b => b.Hosts).ThenInclude(h => h.Host)
            .SingleAsync(b => b.Uid == result.BookingUid));
        Assert.Equal((parentId, "Support Session"), (row.EventType!.CalComId, row.EventType.Title));
        Assert.Equal(children[chosen.Id].Owner, Assert.Single(row.Hosts).Host.CalComUserId);
        // Reassigning it is the guided rebook for a managed event type, though Cal.com answers the child as a personal one.
        var reassign = await host.Get<BookingChoices>().ReassignChoicesAsync(result.BookingUid!);
        Assert.Equal((SchedulingType.Managed, "Support Session", false), (reassign.Kind, reassign.EventTypeTitle, reassign.CanReassign));
    }
}

/// <summary>Before any sync the mirror cannot link a managed child's booking: it shows the child's own title, never "unknown".</summary>
public sealed class ManagedChildBeforeSyncTests(ActionsHost host) : IClassFixture<ActionsHost>
{
    [Fact]
    public async Task A_childs_booking_that_arrives_before_the_sync_shows_the_child_event_types_own_title()
    {
        int childId;
        lock (host.Sandbox.State.Gate)
            childId = host.Sandbox.State.EventTypes.First(e => e.ParentEventTypeId is not null).Id;
        var calCom = host.Get<CalComClient>();
        var slots = await calCom.GetSlotsAsync(childId, host.Sandbox.State.Now.AddDays(1), host.Sandbox.State.Now.AddDays(8));
        var booking = await calCom.CreateBookingAsync(new CreateBookingRequest(slots.Values.SelectMany(s => s).Skip(2).First().Start,
            new CreateBookingAttendee("Grace Hopper", "UTC", $"grace-{Guid.NewGuid():N}@example.com"), EventTypeId: childId));

        await host.ForwardWebhooksAsync(booking.Uid, "BOOKING_CREATED");

        var details = (await host.Get<BookingChangeScope>().DetailsNowAsync(booking.Uid)).Value;
        Assert.NotNull(details);
        Assert.Equal(childId, details.CalComEventTypeId);
        Assert.Equal("Support Session", details.EventTypeTitle);
    }
}
