using CalAdmin.Tests.Bookings;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Hosts;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Outcomes;

/// <summary>
/// BookingData ("now" Monday 10 March 2025 12:00 UTC = 13:00 in Berlin) plus the front desk's day:
/// d1 accepted 09:00–09:30 Berlin (over, no outcome), d2 accepted 15:00 Berlin (next), d3 accepted 10:00 Berlin with its
/// attendee marked absent, d4 accepted on 9 March whose meeting ended, d5 accepted on 8 March with the host marked absent.
/// Outcomes then: no-show d3, d5; needs an outcome d1, b3 (9 March); d4 ended.
/// </summary>
public static class DeskData
{
    public static async Task AddAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var alice = await db.Hosts.SingleAsync(h => h.CalComUserId == 101);
        var bob = await db.Hosts.SingleAsync(h => h.CalComUserId == 102);
        var intro = await db.EventTypes.SingleAsync(t => t.CalComId == 501);
        BookingData.Add(db, "d1", "Intro with Jan", BookingData.Utc(10, 8), BookingStatus.Accepted, intro, [alice], ("Jan Over", "jan@x.test"));
        var d2 = BookingData.Add(db, "d2", "Intro with Kim", BookingData.Utc(10, 14), BookingStatus.Accepted, intro, [bob], ("Kim Next", "kim@x.test"));
        d2.Attendees[0].PhoneNumber = "+49 30 1234567";
        d2.ResponsesJson = """{"notes":"Bring the X-rays"}""";
        d2.MeetingUrl = "https://meet.example.com/kim";
        var d3 = BookingData.Add(db, "d3", "Intro with Lou", BookingData.Utc(10, 9), BookingStatus.Accepted, intro, [alice], ("Lou Absent", "lou@x.test"));
        d3.Attendees[0].Absent = true;
        var d4 = BookingData.Add(db, "d4", "Intro with Mo", BookingData.Utc(9, 14), BookingStatus.Accepted, intro, [bob], ("Mo Ended", "mo@x.test"));
        d4.MeetingState = MeetingState.Ended;
        var d5 = BookingData.Add(db, "d5", "Intro with Nia", BookingData.Utc(8, 14), BookingStatus.Accepted, intro, [bob], ("Nia", "lou@X.test"));
        d5.HostAbsent = true;
        await db.SaveChangesAsync();
    }
}
