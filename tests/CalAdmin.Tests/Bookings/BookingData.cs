using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Bookings;

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// A small, hand-countable mirror. "Now" is Monday 2025-03-10 12:00 UTC; the business zone is Europe/Berlin (UTC+1 then).
/// Alice (Cal.com 101) is mapped to staff "Alice Staff"; Bob (Cal.com 102) is not mapped.
/// </summary>
public sealed class BookingData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    public const string Zone = "Europe/Berlin";
    public const string Xss = "<img src=x onerror=alert(1)>";

    public int Alice { get; private set; }
    public int Bob { get; private set; }
    public int Intro { get; private set; }
    public int Consultation { get; private set; }

    public static DateTime Utc(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, DateTimeKind.Utc);

    public static async Task<(CalAdminFactory Factory, IDbContextFactory<AppDbContext> Db, BookingData Data)> StartAsync(bool shared = false)
    {
        var factory = new CalAdminFactory();
        factory.Settings["CalAdmin:TimeZone"] = Zone;
        // A host shared by a test class signs in once per test: more than the per-address limit of a minute.
        if (shared) factory.Settings["CalAdmin:SignIn:AttemptsPerMinute"] = "1000";
        _ = factory.Server; // migrations and bootstrap
        var db = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var data = new BookingData();
        await data.SeedAsync(db);
        return (factory, db, data);
    }

    private async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now.UtcDateTime;
        var alice = new Host { CalComUserId = 101, Name = "Alice Cal", Email = "alice@cal.test", NormalizedEmail = "alice@cal.test", CreatedAt = now, UpdatedAt = now };
        var bob = new Host { CalComUserId = 102, Name = "Bob Cal", Email = "bob@cal.test", NormalizedEmail = "bob@cal.test", CreatedAt = now, UpdatedAt = now };
        var staff = new StaffMember { Name = "Alice Staff", Email = "alice@biz.test", NormalizedEmail = "alice@biz.test", CreatedAt = now, UpdatedAt = now };
        var intro = new EventType { CalComId = 501, Title = "Intro call", LengthMinutes = 30, SchedulingType = SchedulingType.RoundRobin, UpdatedAt = now };
        var consultation = new EventType { CalComId = 502, Title = "Consultation", LengthMinutes = 60, SchedulingType = SchedulingType.Collective, UpdatedAt = now };
        db.AddRange(alice, bob, staff, intro, consultation);
        await db.SaveChangesAsync();
        db.StaffMappings.Add(new StaffMapping { StaffId = staff.Id, ExternalId = "101", CreatedAt = now, UpdatedAt = now });
        (Alice, Bob, Intro, Consultation) = (alice.Id, bob.Id, intro.Id, consultation.Id);

        Add(db, "b1", "Intro with Anna", Utc(11, 9), BookingStatus.Accepted, intro, [alice], ("Anna Meyer", "anna@example.com"));
        Add(db, "b2", "Consultation with Ben", Utc(12, 10), BookingStatus.Pending, consultation, [alice, bob], ("Ben Kurz", "ben@EXAMPLE.org"));
        Add(db, "b3", "Intro with Clara", Utc(9, 9), BookingStatus.Accepted, intro, [bob], ("Clara", "clara@example.com"));
        Add(db, "b4", "Intro with Dan", Utc(8, 9), BookingStatus.Pending, intro, [alice], ("Dan", "dan@x.test"));
        Add(db, "b5", "Consultation with Eve", Utc(13, 9), BookingStatus.Cancelled, consultation, [bob], ("Eve", "eve@x.test"));
        Add(db, "b6", "Intro with Fritz", Utc(7, 9), BookingStatus.Rejected, intro, [alice], ("Fritz_%", "fritz@x.test"));
        Add(db, "b7", "Intro moved", Utc(14, 9), BookingStatus.Rescheduled, intro, [alice], ("Gus", "gus@x.test"));
        Add(db, "b8", "Consultation with Gina", Utc(15, 9), BookingStatus.AwaitingPayment, consultation, [bob], ("Gina", "gina@x.test"));
        // 00:30 on 11 March in Berlin, still 10 March in UTC.
        Add(db, "b9", "Late intro", Utc(10, 23, 30), BookingStatus.Accepted, intro, [alice], ("Hans", "hans@x.test"));
        // 23:30 on 10 March in Berlin.
        Add(db, "b10", "Evening intro", Utc(10, 22, 30), BookingStatus.Accepted, intro, [alice], ("Ida", "ida@x.test"));
        await db.SaveChangesAsync();
    }

    public static Booking Add(AppDbContext db, string uid, string title, DateTime startUtc, BookingStatus status, EventType? eventType,
        Host[] hosts, params (string Name, string Email)[] attendees)
    {
        var booking = new Booking
        {
            Uid = uid, Title = title, StartUtc = startUtc, EndUtc = startUtc.AddMinutes(30), Status = status,
            EventType = eventType, CalComEventTypeId = eventType?.CalComId, CreatedAt = startUtc, UpdatedAt = startUtc,
        };
        booking.Hosts.AddRange(hosts.Select((h, i) => new BookingHost { Host = h, Order = i, StartUtc = startUtc }));
        booking.Attendees.AddRange(attendees.Select(a => new Attendee { Name = a.Name, Email = a.Email, TimeZone = "America/New_York" }));
        db.Bookings.Add(booking);
        return booking;
    }

    /// <summary>An upcoming booking (Wednesday 12 March 14:00 UTC) whose only attendee's name is markup, for the XSS tests.</summary>
    public async Task AddXssBookingAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var host = await db.Hosts.SingleAsync(h => h.Id == Bob);
        var b = Add(db, "xss", "Call about <b>bold</b>", Utc(12, 14), BookingStatus.Accepted, await db.EventTypes.SingleAsync(t => t.Id == Intro), [host], (Xss, "xss@x.test"));
        b.ResponsesJson = $$"""{"name":"{{Xss.Replace("\"", "\\\"")}}","notes":"<script>alert(2)</script>"}""";
        await db.SaveChangesAsync();
    }

    /// <summary>b1's history: a webhook delivery, an audit entry, a reassignment; b1 was rescheduled from b0 and to b11.</summary>
    public async Task AddHistoryAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var b1 = await db.Bookings.Include(b => b.Attendees).Include(b => b.Hosts).SingleAsync(b => b.Uid == "b1");
        b1.RescheduledFromUid = "b0";
        b1.RescheduledToUid = "b11";
        b1.Attendees[0].Absent = true;
        b1.Location = "javascript:alert(3)";
        b1.MeetingUrl = "https://meet.example.com/abc";
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Trigger = "BOOKING_CREATED", BookingUid = "b1", CalComCreatedAt = Utc(5, 8), ReceivedAt = Utc(5, 8),
            DedupKey = "k1", RawBody = "{}", Outcome = DeliveryOutcome.Applied,
        });
        db.AuditEntries.Add(new AuditEntry { At = Utc(6, 8), UserName = "office@biz.test", Action = "booking.cancel-requested", EntityType = "Booking", EntityId = "b1" });
        db.AuditEntries.Add(new AuditEntry { At = Utc(6, 9), UserName = "other", Action = "not-about-b1", EntityType = "Booking", EntityId = "b2" });
        db.Reassignments.Add(new Reassignment { BookingId = b1.Id, FromHostId = Bob, ToHostId = Alice, Reason = "Bob is ill", Source = ReassignmentSource.CalAdmin, ByUser = "office@biz.test", At = Utc(7, 8), RecordedAt = Utc(7, 8) });
        await db.SaveChangesAsync();
    }
}

/// <summary>
/// One host with <see cref="BookingData"/> seeded, shared by the tests of a class that only read it
/// (<c>IClassFixture&lt;BookingDataHost&gt;</c>); a class whose tests change the rows starts its own with <see cref="BookingData.StartAsync"/>.
/// </summary>
public sealed class BookingDataHost : IAsyncLifetime
{
    public CalAdminFactory Factory { get; private set; } = null!;
    public IDbContextFactory<AppDbContext> Db { get; private set; } = null!;
    public BookingData Data { get; private set; } = null!;

    public async Task InitializeAsync() => (Factory, Db, Data) = await BookingData.StartAsync(shared: true);

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
