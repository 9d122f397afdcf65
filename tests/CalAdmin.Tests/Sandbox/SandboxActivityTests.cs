using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Activity;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// The demo business's own activity, on a clock the test moves: each kind changes the sandbox's state through its rules
/// and sends one signed delivery that CalAdmin's webhook reader accepts; nothing runs unless the setting is on.
/// </summary>
public sealed class SandboxActivityTests : IAsyncLifetime
{
    private const string Secret = "demo-activity-secret-0123456789abcdef";
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly TimerClock clock = new(SandboxTestHost.Monday);
    private SandboxServer server = null!;
    private HttpClient client = null!;
    private WebhookSubscriber subscriber = null!;

    public async Task InitializeAsync()
    {
        server = await SandboxServer.StartAsync(new SandboxOptions
        {
            ApiKey = "cal_test_activity", TimeProvider = clock, TimeZone = "Europe/Berlin",
            Activity = true, ActivityInterval = TimeSpan.FromSeconds(5),
        });
        client = server.CreateClient();
        subscriber = await WebhookSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await subscriber.DisposeAsync();
    }

    private async Task SubscribeAsync()
    {
        var (response, json) = await client.PostJsonAsync($"/v2/organizations/{server.State.Organization.Id}/webhooks",
            new { subscriberUrl = subscriber.Url, triggers = WebhookTriggers.All, active = true, secret = Secret }, version: null);
        Assert.True(201 == (int)response.StatusCode, json.ToString());
    }

    /// <summary>The next delivery, checked as CalAdmin's endpoint checks it: signature, then envelope.</summary>
    private async Task<(WebhookEnvelope Envelope, JsonElement Root)> NextAcceptedAsync()
    {
        var delivery = await subscriber.NextAsync();
        Assert.True(WebhookSignature.IsValid(delivery.Body, delivery.Headers[WebhookSignature.Header], [Secret]), "signature");
        var envelope = WebhookEnvelope.TryRead(delivery.Body, out var error);
        Assert.True(envelope is not null, error);
        return (envelope!, JsonDocument.Parse(delivery.Body).RootElement.Clone());
    }

    private SandboxBooking Booking(string uid)
    {
        lock (server.State.Gate) return server.State.FindBooking(uid)!;
    }

    [Fact]
    public async Task A_new_booking_is_made_in_free_business_hours_and_announced()
    {
        await SubscribeAsync();

        var change = server.Activity.Step("new booking");

        Assert.NotNull(change);
        var booking = Booking(change.BookingUid);
        Assert.True(booking.Start > clock.GetUtcNow(), "in the future");
        Assert.InRange(TimeZoneInfo.ConvertTime(booking.Start, Berlin).Hour, 8, 17);
        Assert.Contains(booking.Status, new[] { BookingStatuses.Accepted, BookingStatuses.Pending });
        var (envelope, root) = await NextAcceptedAsync();
        Assert.Contains(envelope.Trigger, new[] { "BOOKING_CREATED", "BOOKING_REQUESTED" });
        Assert.Equal(change.BookingUid, WebhookPayload.ReadBooking(root)?.Uid);
    }

    [Fact]
    public async Task A_cancellation_cancels_an_upcoming_booking_and_is_announced()
    {
        await SubscribeAsync();

        var change = server.Activity.Step("cancellation");

        Assert.NotNull(change);
        Assert.Equal(BookingStatuses.Cancelled, Booking(change.BookingUid).Status);
        var (envelope, _) = await NextAcceptedAsync();
        Assert.Equal(("BOOKING_CANCELLED", change.BookingUid), (envelope.Trigger, envelope.BookingUid));
    }

    [Fact]
    public async Task A_reschedule_moves_a_booking_to_a_new_one_and_is_announced()
    {
        await SubscribeAsync();

        var change = server.Activity.Step("reschedule");

        Assert.NotNull(change);
        var old = Booking(change.BookingUid);
        var moved = Booking(change.NewBookingUid!);
        Assert.True(old.Rescheduled);
        Assert.Equal((old.Uid, BookingStatuses.Cancelled), (moved.RescheduledFromUid, old.Status));
        var (envelope, root) = await NextAcceptedAsync();
        Assert.Contains(envelope.Trigger, new[] { "BOOKING_RESCHEDULED", "BOOKING_REQUESTED" });
        Assert.Equal(moved.Uid, WebhookPayload.ReadBooking(root)?.Uid);
    }

    [Fact]
    public async Task A_reassignment_made_in_calcom_gives_a_round_robin_booking_another_host_and_is_announced()
    {
        await SubscribeAsync();
        Dictionary<string, int[]> hostsBefore;
        lock (server.State.Gate) hostsBefore = server.State.Bookings.ToDictionary(b => b.Uid, b => b.HostIds.ToArray());

        var change = server.Activity.Step("reassignment");

        Assert.NotNull(change);
        Assert.NotEqual(hostsBefore[change.BookingUid], Booking(change.BookingUid).HostIds.ToArray());
        var (envelope, _) = await NextAcceptedAsync();
        Assert.Equal(("BOOKING_REASSIGNED", change.BookingUid), (envelope.Trigger, envelope.BookingUid));
    }

    [Fact]
    public async Task A_no_show_marks_the_attendee_of_a_past_booking_and_is_announced()
    {
        await SubscribeAsync();

        var change = server.Activity.Step("no-show");

        Assert.NotNull(change);
        var booking = Booking(change.BookingUid);
        Assert.True(booking.End <= clock.GetUtcNow());
        Assert.True(booking.Attendees[0].Absent);
        var (envelope, root) = await NextAcceptedAsync();
        Assert.Equal("BOOKING_NO_SHOW_UPDATED", envelope.Trigger);
        Assert.Contains((booking.Attendees[0].Email, true), WebhookPayload.ReadNoShow(root).Attendees);
    }

    [Fact]
    public async Task An_out_of_office_entry_makes_a_host_away_for_a_later_day_and_is_announced()
    {
        await SubscribeAsync();

        var change = server.Activity.Step("out of office");

        Assert.NotNull(change);
        SandboxOutOfOffice entry;
        bool hostsUpcoming;
        lock (server.State.Gate)
        {
            entry = server.State.OutOfOffice.Single(o => o.Uuid == change.BookingUid);
            hostsUpcoming = server.State.Bookings.Any(b => b.HostIds.Contains(entry.UserId) && b.Start > clock.GetUtcNow());
        }
        Assert.True(hostsUpcoming, "a host of upcoming bookings");
        Assert.Equal("sick", entry.Reason);
        Assert.Equal(TimeSpan.Zero, entry.Start.TimeOfDay);
        Assert.InRange((entry.Start - clock.GetUtcNow().UtcDateTime.Date).TotalDays, 2, 6);
        var (envelope, root) = await NextAcceptedAsync();
        Assert.Equal("OOO_CREATED", envelope.Trigger);
        Assert.Equal(entry.Id, root.GetProperty("payload").GetProperty("oooEntry").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task On_the_sandboxs_clock_each_interval_makes_one_change_in_turn_and_nothing_happens_unheard()
    {
        // Nobody listens yet: the interval passes and nothing changes.
        long Changed() { lock (server.State.Gate) return server.State.Bookings.Count(b => b.UpdatedAt > SandboxTestHost.Monday); }
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, Changed());
        Assert.Empty(server.Webhooks.Deliveries);

        await SubscribeAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, Changed());
        clock.Advance(TimeSpan.FromSeconds(1));
        var (first, _) = await NextAcceptedAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var (second, _) = await NextAcceptedAsync();

        // The first two kinds in turn: a new booking, then a cancellation.
        Assert.Contains(first.Trigger, new[] { "BOOKING_CREATED", "BOOKING_REQUESTED" });
        Assert.Equal("BOOKING_CANCELLED", second.Trigger);
        Assert.Equal(["new booking", "cancellation", "reschedule", "reassignment", "no-show", "out of office"], SandboxActivity.KindNames);
    }

    [Fact]
    public async Task Activity_is_off_unless_set()
    {
        Assert.False(new SandboxOptions().Activity);
        await using var quiet = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = new TimerClock(SandboxTestHost.Monday) });
        Assert.False(quiet.Activity.Running);
        Assert.True(server.Activity.Running);
    }

    [Fact]
    public void The_demo_business_works_in_its_zone_and_its_bookings_fall_in_business_hours()
    {
        lock (server.State.Gate)
        {
            Assert.All(server.State.Users, u => Assert.Equal("Europe/Berlin", u.TimeZone));
            Assert.NotEmpty(server.State.Bookings);
            Assert.All(server.State.Bookings, b =>
            {
                var (start, end) = (TimeZoneInfo.ConvertTime(b.Start, Berlin), TimeZoneInfo.ConvertTime(b.End, Berlin));
                Assert.True(start.Hour >= 8 && (end.Hour < 18 || end is { Hour: 18, Minute: 0 }), $"{b.Uid} {start:HH:mm}–{end:HH:mm}");
            });
        }
    }

    [Fact]
    public async Task A_wrong_zone_or_interval_is_refused_by_name()
    {
        var zone = await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { TimeZone = "Mars/Olympus" }));
        Assert.Contains("Sandbox:TimeZone 'Mars/Olympus'", zone.Message);
        var interval = await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { ActivityInterval = TimeSpan.Zero }));
        Assert.Contains("Sandbox:ActivityInterval", interval.Message);
    }
}

/// <summary>A clock whose timers fire when the test moves it, on the test's thread: "every few seconds" without waiting.</summary>
public sealed class TimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state, now + dueTime, period);
        lock (timers) timers.Add(timer);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var until = now + by;
        while (true)
        {
            ManualTimer? due;
            lock (timers) due = timers.Where(t => t.Due <= until).MinBy(t => t.Due);
            if (due is null) break;
            now = due.Due;
            due.Fire();
        }
        now = until;
    }

    private sealed class ManualTimer(TimerClock clock, TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period) : ITimer
    {
        public DateTimeOffset Due { get; private set; } = due;

        public void Fire()
        {
            Due = period > TimeSpan.Zero ? Due + period : DateTimeOffset.MaxValue;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

        public void Dispose()
        {
            lock (clock.timers) clock.timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
