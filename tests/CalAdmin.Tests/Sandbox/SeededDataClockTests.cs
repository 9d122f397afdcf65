using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// The sandbox's demo data is made relative to the clock it is given: on any day (weekday or weekend, year end, leap
/// day, the date the suite once failed on) it lies around that day and shows every status the pages and tests use.
/// </summary>
public sealed class SeededDataClockTests
{
    public static TheoryData<string> Days() => new(
        "2026-12-02T09:00:00Z",   // the day the first import test found no pending and no rejected booking
        "2026-12-06T23:30:00Z",   // a Sunday night
        "2026-12-31T23:59:00Z",   // the last minute of a year
        "2028-02-29T12:00:00Z",   // a leap day
        "2027-03-28T01:30:00Z",   // Europe's DST change
        "2030-01-05T00:00:00Z");  // a Saturday, far ahead

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Every_status_is_seeded_around_the_given_day(string day)
    {
        var now = DateTimeOffset.Parse(day);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            ApiKey = "cal_test_clock", TimeProvider = new ManualClock(now), WebhookDeliveryEnabled = false,
        });

        lock (sandbox.State.Gate)
        {
            var bookings = sandbox.State.Bookings;
            Assert.True(bookings.Count >= 250, $"{bookings.Count} bookings seeded");
            Assert.All(bookings, b => Assert.InRange(b.Start, now.AddDays(-23), now.AddDays(23)));
            bool Confirms(SandboxBooking b) => sandbox.State.FindEventType(b.EventTypeId)!.RequiresConfirmation;
            Assert.Contains(bookings, b => b.Status == BookingStatuses.Pending && Confirms(b) && b.Start > now);
            Assert.Contains(bookings, b => b.Status == BookingStatuses.Rejected && Confirms(b));
            Assert.Contains(bookings, b => b.Status == BookingStatuses.Cancelled);
            Assert.Contains(bookings, b => b.Status == BookingStatuses.Accepted && b.Start > now);
            Assert.Contains(bookings, b => b.Status == BookingStatuses.Accepted && b.End < now && b.Attendees.Any(a => a.Absent));
            Assert.All(bookings, b => Assert.True(b.CreatedAt <= now && b.UpdatedAt <= now, $"{b.Uid} changed after now"));
        }
    }

    [Theory]
    [InlineData("+31d", 31 * 24 * 60)]
    [InlineData("+365d", 365 * 24 * 60)]
    [InlineData("-2h", -120)]
    [InlineData("+90m", 90)]
    public void The_test_clock_setting_moves_now_by_an_offset(string setting, int minutes)
    {
        var real = new ManualClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var clock = TestClock.Parse(setting, real);
        Assert.Equal(real.GetUtcNow().AddMinutes(minutes), clock.GetUtcNow());
        real.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(real.GetUtcNow().AddMinutes(minutes), clock.GetUtcNow()); // and runs on at the real pace
    }

    [Fact]
    public void The_test_clock_setting_takes_an_instant_and_refuses_nonsense()
    {
        var real = new ManualClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 23, 30, 0, TimeSpan.Zero), TestClock.Parse("2028-02-29T23:30:00Z", real).GetUtcNow());
        Assert.Same(real, TestClock.Parse(null, real));
        Assert.Contains(TestClock.Variable, Assert.Throws<InvalidOperationException>(() => TestClock.Parse("next tuesday", real)).Message);
    }
}
