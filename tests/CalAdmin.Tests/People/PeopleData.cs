using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;
using static CalAdmin.Tests.Bookings.BookingData;

namespace CalAdmin.Tests.People;

/// <summary>
/// People on top of BookingData ("now" is 2025-03-10 12:00 UTC). Counted by hand:
/// pat@example.com (any case): p1 past no-show, p2 past (written PAT@Example.com), p3 upcoming, p4 cancelled,
/// p5 declined, p6 rescheduled, p8 upcoming (second attendee) = 7 bookings; upcoming 2, past 2, no-shows 1,
/// cancelled 1, declined 1, rescheduled 1. Not Pat: p7 (patricia@…) and p9 (xpat@…, which contains Pat's email).
/// Phone +4915100000001: p1 and p3 (Pat) and q1 (Quinn, past) = 3; upcoming 1, past 2, no-shows 1.
/// nora@example.com: n1 past, n2 past no-show (her last that took place), n3 cancelled after it: New booking warns.
/// </summary>
public static class PeopleData
{
    public const string Pat = "pat@example.com";
    public const string PatPhone = "+4915100000001";
    public const string Nora = "nora@example.com";

    public static async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var host = await db.Hosts.FirstAsync();
        var type = await db.EventTypes.FirstAsync();

        Attendee A(Booking b, int i = 0) => b.Attendees[i];
        var p1 = Add(db, "p1", "Pat one", Utc(3, 9), BookingStatus.Accepted, type, [host], ("Pat Doe", Pat));
        A(p1).Absent = true;
        A(p1).PhoneNumber = PatPhone;
        Add(db, "p2", "Pat two", Utc(5, 9), BookingStatus.Accepted, type, [host], ("Pat D.", "PAT@Example.com"));
        var p3 = Add(db, "p3", "Pat three", Utc(12, 9), BookingStatus.Pending, type, [host], ("Pat Doe", Pat));
        A(p3).PhoneNumber = PatPhone;
        Add(db, "p4", "Pat four", Utc(13, 9), BookingStatus.Cancelled, type, [host], ("Pat Doe", Pat));
        Add(db, "p5", "Pat five", Utc(14, 9), BookingStatus.Rejected, type, [host], ("Pat Doe", Pat));
        Add(db, "p6", "Pat six", Utc(6, 9), BookingStatus.Rescheduled, type, [host], ("Pat Doe", Pat));
        Add(db, "p7", "Patricia", Utc(15, 9), BookingStatus.Accepted, type, [host], ("Patricia", "patricia@example.com"));
        Add(db, "p8", "Pat with a friend", Utc(16, 9), BookingStatus.Accepted, type, [host], ("Friend", "friend@example.com"), ("Pat Doe", Pat));
        Add(db, "p9", "Not Pat", Utc(17, 9), BookingStatus.Accepted, type, [host], ("X Pat", "xpat@example.com"));
        var q1 = Add(db, "q1", "Quinn", Utc(4, 9), BookingStatus.Accepted, type, [host], ("Quinn", "quinn@example.com"));
        A(q1).PhoneNumber = PatPhone;

        Add(db, "n1", "Nora one", Utc(2, 9), BookingStatus.Accepted, type, [host], ("Nora", Nora));
        var n2 = Add(db, "n2", "Nora two", Utc(7, 9), BookingStatus.Accepted, type, [host], ("Nora", Nora));
        A(n2).Absent = true;
        Add(db, "n3", "Nora three", Utc(9, 9), BookingStatus.Cancelled, type, [host], ("Nora", Nora));
        await db.SaveChangesAsync();
    }
}
