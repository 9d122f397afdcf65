using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>
/// Request reschedule, add guests, add an attendee and change the location through BookingCommands against the embedded
/// sandbox over HTTP: one Cal.com call each, the mirror and the audit they leave, and Cal.com's refusal in words.
/// </summary>
public sealed class BookingEditCommandsTests(ActionsHost host) : IClassFixture<ActionsHost>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Staff = ActionsHost.Actor(Roles.Staff);

    private BookingCommands Commands => host.Get<BookingCommands>();

    private Task<List<string>> AuditsAsync(string uid) =>
        host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == "Booking" && a.EntityId == uid).Select(a => a.Action).ToListAsync());

    private async Task<string> CancelledAsync(int skip)
    {
        var uid = await host.BookAsync("discovery-call", skip);
        var cancelled = await Commands.CancelAsync(Staff, uid, "Gone");
        Assert.True(cancelled.Succeeded, cancelled.Message);
        return uid;
    }

    [Fact]
    public async Task Request_reschedule_cancels_through_Cal_com_once_and_the_mirror_and_audit_say_so()
    {
        var uid = await host.BookAsync("discovery-call", skip: 20);
        var path = $"/v2/bookings/{uid}/request-reschedule";

        var result = await Commands.RequestRescheduleAsync(Staff, uid, "Dr Okafor is ill");

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("link to choose a new time", result.Message);
        Assert.Equal(1, host.Requests(path));
        var row = await host.RowAsync(uid);
        Assert.Equal(BookingStatus.Cancelled, row!.Status);
        Assert.Equal("Dr Okafor is ill", row.CancellationReason);
        Assert.Contains("booking.request-reschedule", await AuditsAsync(uid));
        lock (host.Sandbox.State.Gate) Assert.True(host.Sandbox.State.FindBooking(uid)!.Rescheduled);
    }

    [Fact]
    public async Task Request_reschedule_of_a_booking_Cal_com_already_cancelled_is_refused_with_its_reason()
    {
        var uid = await CancelledAsync(21);

        var result = await Commands.RequestRescheduleAsync(Staff, uid, null);

        Assert.False(result.Succeeded);
        Assert.Contains("cancelled", result.Message);
        Assert.Equal(1, host.Requests($"/v2/bookings/{uid}/request-reschedule"));
        Assert.DoesNotContain("booking.request-reschedule", await AuditsAsync(uid));
    }

    [Fact]
    public async Task Guests_are_added_in_Cal_com_and_mirrored_as_attendees()
    {
        var uid = await host.BookAsync("discovery-call", skip: 22);

        var result = await Commands.AddGuestsAsync(Staff, uid, ["ada@example.com", " alan@example.com ", "ADA@example.com"]);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(1, host.Requests($"/v2/bookings/{uid}/guests"));
        var emails = (await host.RowAsync(uid))!.Attendees.Select(a => a.Email).ToList();
        Assert.Contains("ada@example.com", emails);
        Assert.Contains("alan@example.com", emails);
        Assert.Equal(3, emails.Count);
        Assert.Contains("booking.add-guests", await AuditsAsync(uid));
    }

    [Fact]
    public async Task Guests_are_checked_before_Cal_com_is_called_and_a_cancelled_booking_is_refused_by_Cal_com()
    {
        var uid = await CancelledAsync(23);

        var tooMany = await Commands.AddGuestsAsync(Staff, uid, Enumerable.Range(0, 11).Select(i => $"g{i}@example.com").ToList());
        var notAnEmail = await Commands.AddGuestsAsync(Staff, uid, ["not an email"]);
        Assert.Equal(0, host.Requests($"/v2/bookings/{uid}/guests"));
        Assert.Contains("at most 10", tooMany.Message);
        Assert.Contains("is not an email address", notAnEmail.Message);

        var refused = await Commands.AddGuestsAsync(Staff, uid, ["late@example.com"]);

        Assert.False(refused.Succeeded);
        Assert.Equal(1, host.Requests($"/v2/bookings/{uid}/guests"));
        Assert.Contains("cannot be changed", refused.Message);
    }

    [Fact]
    public async Task An_attendee_is_added_once_and_a_second_time_Cal_com_refuses()
    {
        var uid = await host.BookAsync("discovery-call", skip: 24);
        var mary = new NewAttendee("Mary Jackson", "mary@example.com", "America/New_York");

        var result = await Commands.AddAttendeeAsync(Staff, uid, mary);

        Assert.True(result.Succeeded, result.Message);
        var attendee = Assert.Single((await host.RowAsync(uid))!.Attendees, a => a.Email == "mary@example.com");
        Assert.Equal("America/New_York", attendee.TimeZone);
        Assert.Contains("booking.add-attendee", await AuditsAsync(uid));

        // Someone already on the booking (its booker): Cal.com refuses, and CalAdmin says so.
        var booker = (await host.RowAsync(uid))!.Attendees.Single(a => a.Email.StartsWith("guest-")).Email;
        var again = await Commands.AddAttendeeAsync(Staff, uid, mary with { Email = booker });
        Assert.False(again.Succeeded);
        Assert.Contains("already part of this booking", again.Message);
        Assert.Equal(2, host.Requests($"/v2/bookings/{uid}/attendees"));
    }

    [Fact]
    public async Task The_location_is_changed_in_Cal_com_and_mirrored_and_a_cancelled_booking_is_refused()
    {
        var uid = await host.BookAsync("discovery-call", skip: 25);

        var result = await Commands.ChangeLocationAsync(Staff, uid, new LocationChoice(LocationKind.Address, "Hauptstr. 1, 10115 Berlin"));

        Assert.True(result.Succeeded, result.Message);
        var row = (await host.RowAsync(uid))!;
        Assert.Equal("Hauptstr. 1, 10115 Berlin", row.Location);
        Assert.Null(row.MeetingUrl);
        Assert.Contains("booking.location", await AuditsAsync(uid));

        var cancelled = await CancelledAsync(26);
        var refused = await Commands.ChangeLocationAsync(Staff, cancelled, new LocationChoice(LocationKind.Link, "https://meet.example.com/x"));
        Assert.False(refused.Succeeded);
        Assert.Contains("cannot be changed", refused.Message);
        Assert.Equal(1, host.Requests($"/v2/bookings/{cancelled}/location"));
    }

    [Fact]
    public async Task Managers_cannot_edit_bookings()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Commands.AddGuestsAsync(ActionsHost.Actor(Roles.Manager), "any", ["a@example.com"]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Commands.RequestRescheduleAsync(ActionsHost.Actor(Roles.Manager), "any", null));
    }
}
