using System.Globalization;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Bookings.Mirror;

/// <summary>
/// The reschedule rule exists once (docs/mirror.md): whichever source tells that booking B replaced booking A (a
/// BOOKING_RESCHEDULED delivery, the answer to CalAdmin's reschedule, the booking as Cal.com lists it), the rows end the
/// same: A Rescheduled and pointing at B, B linked back to A, at the new time with the same host and attendee.
/// </summary>
public sealed class RescheduleRuleTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();
    private static readonly DateTime Created = new(2031, 3, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Moved = Created.AddHours(2);
    private static readonly DateTime OldStart = new(2031, 3, 10, 14, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime NewStart = OldStart.AddDays(1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_reschedule_gives_the_same_rows_whether_a_delivery_an_action_answer_or_a_listed_booking_tells_it()
    {
        foreach (var source in new[] { "delivery", "answer", "listed" })
            await ApplyAsync(mirror => mirror.ApplyWebhookAsync(Triggers.Created, $"old-{source}", Created, Delivery(Triggers.Created, $"old-{source}", OldStart, null), default));

        var delivered = await ApplyAsync(m => m.ApplyWebhookAsync(Triggers.Rescheduled, "new-delivery", Moved, Delivery(Triggers.Rescheduled, "new-delivery", NewStart, "old-delivery"), default));
        var listed = await ApplyAsync(m => m.ApplyListedAsync(Listed("new-listed", "accepted", NewStart, from: "old-listed", to: null), null, default));
        await ApplyAsync(m => m.ApplyAnswerAsync(Listed("new-answer", "accepted", NewStart, from: "old-answer", to: null), default));
        Assert.Equal(MirrorOutcome.Applied, delivered.Outcome);
        Assert.Equal(MirrorOutcome.Applied, listed.Outcome);

        var rows = new Dictionary<string, string>();
        foreach (var source in new[] { "delivery", "answer", "listed" })
        {
            var (old, replacement) = (await RowAsync($"old-{source}"), await RowAsync($"new-{source}"));
            Assert.Equal((BookingStatus.Rescheduled, $"new-{source}"), (old.Status, old.RescheduledToUid));
            Assert.Equal((BookingStatus.Accepted, $"old-{source}", NewStart), (replacement.Status, replacement.RescheduledFromUid, replacement.StartUtc));
            rows[source] = Describe(old, source) + " | " + Describe(replacement, source);
        }
        Assert.Equal(rows["delivery"], rows["answer"]);
        Assert.Equal(rows["delivery"], rows["listed"]);

        // Ordering: a delivery and a listed booking are Cal.com states with a time; an answer never moves LastEventAt.
        Assert.Equal(Moved, (await RowAsync("old-delivery")).LastEventAt);
        Assert.Equal(Moved, (await RowAsync("new-listed")).LastEventAt);
        Assert.Equal(Created, (await RowAsync("old-answer")).LastEventAt);
        Assert.Null((await RowAsync("new-answer")).LastEventAt);
    }

    [Fact]
    public async Task The_old_booking_as_Cal_com_lists_it_is_rescheduled_and_its_late_creation_changes_nothing()
    {
        await ApplyAsync(m => m.ApplyWebhookAsync(Triggers.Rescheduled, "new", Moved, Delivery(Triggers.Rescheduled, "new", NewStart, "old"), default));
        // Created by the reschedule from what it says of the old booking, so its late BOOKING_CREATED is older.
        var old = await RowAsync("old");
        Assert.Equal((BookingStatus.Rescheduled, "new", OldStart), (old.Status, old.RescheduledToUid, old.StartUtc));
        var late = await ApplyAsync(m => m.ApplyWebhookAsync(Triggers.Created, "old", Created, Delivery(Triggers.Created, "old", OldStart, null), default));
        Assert.Equal(MirrorOutcome.Stale, late.Outcome);

        // Cal.com lists the old booking of a reschedule as cancelled, naming its replacement: in the mirror it is Rescheduled.
        var listed = await ApplyAsync(m => m.ApplyListedAsync(Listed("gone", "cancelled", OldStart, from: null, to: "its-replacement"), null, default));
        Assert.Equal(MirrorOutcome.Applied, listed.Outcome);
        var gone = await RowAsync("gone");
        Assert.Equal((BookingStatus.Rescheduled, "its-replacement"), (gone.Status, gone.RescheduledToUid));
        Assert.Equal(BookingStatus.Rescheduled, (await RowAsync("old")).Status);
    }

    private async Task<T> ApplyAsync<T>(Func<BookingMirror, Task<T>> apply)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var result = await apply(new BookingMirror(db, Created.AddHours(3)));
        await db.SaveChangesAsync();
        return result;
    }

    private async Task<Booking> RowAsync(string uid)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Bookings.AsNoTracking().Include(b => b.Hosts).ThenInclude(h => h.Host).Include(b => b.Attendees).SingleAsync(b => b.Uid == uid);
    }

    private static string Describe(Booking b, string source) => string.Join(", ",
        b.Uid.Replace(source, "*"), b.Status, b.RescheduledFromUid?.Replace(source, "*"), b.RescheduledToUid?.Replace(source, "*"),
        b.Title, b.StartUtc.ToString("O"), b.EndUtc.ToString("O"), b.CalComEventTypeId,
        string.Join("+", b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId)),
        string.Join("+", b.Attendees.Select(a => $"{a.Email}/{a.Absent}")));

    private static string Delivery(string trigger, string uid, DateTime start, string? rescheduleUid)
    {
        var reschedule = rescheduleUid is null ? ""
            : $"\"rescheduleUid\":\"{rescheduleUid}\",\"rescheduleStartTime\":\"{Time(OldStart)}\",\"rescheduleEndTime\":\"{Time(OldStart.AddMinutes(30))}\",";
        return "{\"triggerEvent\":\"" + trigger + "\",\"createdAt\":\"" + Time(Moved) + "\",\"payload\":{"
            + "\"uid\":\"" + uid + "\",\"title\":\"Intro call\",\"eventTypeId\":77,\"type\":\"intro\",\"status\":\"ACCEPTED\","
            + "\"startTime\":\"" + Time(start) + "\",\"endTime\":\"" + Time(start.AddMinutes(30)) + "\"," + reschedule
            + "\"organizer\":{\"id\":9101,\"name\":\"Rita Host\",\"email\":\"rita@example.com\",\"timeZone\":\"Europe/Berlin\"},"
            + "\"attendees\":[{\"name\":\"Ada Guest\",\"email\":\"ada@example.com\",\"timeZone\":\"Europe/Berlin\"}]}}";
    }

    private static CalComBooking Listed(string uid, string status, DateTime start, string? from, string? to) => new(
        0, uid, "Intro call", null, status, new DateTimeOffset(start), new DateTimeOffset(start.AddMinutes(30)), 30, 77,
        new CalComBookingEventType(77, "intro"), [new CalComBookingHost(9101, "Rita Host", "rita@example.com", null, "Europe/Berlin")],
        [new CalComBookingAttendee("Ada Guest", "ada@example.com", "Europe/Berlin", null, null, null, null)], null, null, null, null, null, null,
        null, null, from, to, null, new DateTimeOffset(Created), new DateTimeOffset(Moved), null, null);

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
