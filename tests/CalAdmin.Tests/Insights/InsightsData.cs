using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Insights;

/// <summary>
/// A hand-countable mirror for the insights. The business zone is America/Los_Angeles; "now" is Friday 14 March 2025
/// 20:00 UTC. The test period is 10–16 March 2025 in Los Angeles (PDT, UTC−7): 10 Mar 07:00 UTC to 17 Mar 07:00 UTC.
/// The previous period is 3–9 March (PST, UTC−8 until the 9 March change): 3 Mar 08:00 UTC to 10 Mar 07:00 UTC.
///
/// Hosts: Ann (Cal.com 301, staff "Ann Staff", Sales), Ben (302, "Ben Staff", Sales), Cy (303, "Cy Staff", Support),
/// Dee (304, not mapped). Event types: Consult (round robin) and Team (collective).
///
/// Bookings (start UTC; created UTC):
/// <list type="bullet">
/// <item>c1 accepted Consult Ann, 11 Mar 17:00, created 5 Mar 17:00, meeting ended, an attendee no-show.</item>
/// <item>c2 accepted Team Ann+Ben (collective), 12 Mar 18:00, created 11 Mar 18:00, Ben did not show.</item>
/// <item>c3 accepted Consult Cy, 17 Mar 03:00 (16 Mar 20:00 in LA: in, though 17 Mar in UTC), created 13 Mar 03:00, after now.</item>
/// <item>c4 accepted Consult Dee, 13 Mar 16:00, created 10 Mar 16:00, the host (organizer) did not show.</item>
/// <item>c5 cancelled Consult Ann, 14 Mar 16:00, created 9 Mar 16:00 (previous period).</item>
/// <item>c6 declined Consult Ben, 15 Mar 16:00, created 14 Mar 10:00.</item>
/// <item>c7 pending Consult Ann, 16 Mar 17:00, created 14 Mar 12:00.</item>
/// <item>c8 accepted Consult Ann, 10 Mar 06:30 (9 Mar 23:30 in LA: previous period), created 1 Mar 06:30, an attendee no-show.</item>
/// <item>c9 accepted Consult Ben, 17 Mar 08:00 (after the period), created 16 Mar 10:00 (in it).</item>
/// <item>r0 → r1 → r2, a reschedule chain of Cy's Consult: r0 11 Mar 16:00 created 4 Mar 16:00; r1 12 Mar 16:00 created
/// 10 Mar 10:00; r2 accepted 16 Mar 16:00 created 11 Mar 10:00, after now.</item>
/// <item>p1 cancelled Consult Ben, 5 Mar 18:00, created 2 Mar 18:00 (before both periods).</item>
/// <item>p2 accepted Consult Cy, 6 Mar 18:00, created 3 Mar 09:00 (1:00 in LA, previous period), meeting ended, an attendee no-show.</item>
/// </list>
/// Reassignments: c1 Ben → Ann at 10 Mar 12:00; c4 Cy → Dee at 9 Mar 12:00 (previous); r2 Ann → Cy at 17 Mar 06:30 (16 Mar 23:30 in LA).
/// </summary>
public sealed class InsightsData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 20, 0, 0, TimeSpan.Zero);
    public const string Zone = "America/Los_Angeles";
    public const string Period = "from=2025-03-10&to=2025-03-16";

    public int Ann { get; private set; }
    public int Ben { get; private set; }
    public int Cy { get; private set; }
    public int Dee { get; private set; }
    public int AnnStaff { get; private set; }
    public int Consult { get; private set; }
    public int Team { get; private set; }

    public static DateTime Utc(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, DateTimeKind.Utc);

    public static async Task<(CalAdminFactory Factory, IDbContextFactory<AppDbContext> Db, InsightsData Data)> StartAsync()
    {
        var factory = new FixedClockFactory();
        factory.Settings["CalAdmin:TimeZone"] = Zone;
        _ = factory.Server; // migrations and bootstrap
        var db = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var data = new InsightsData();
        await data.SeedAsync(db);
        return (factory, db, data);
    }

    /// <summary>The real host with its clock at <see cref="Now"/>, so "ended by time" is the same in every run.</summary>
    private sealed class FixedClockFactory : CalAdminFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedClock(Now)));
        }
    }

    private async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now.UtcDateTime;
        Host NewHost(int calComId, string name) => new()
        {
            CalComUserId = calComId, Name = name, Email = $"{name.Split(' ')[0].ToLowerInvariant()}@cal.test",
            NormalizedEmail = $"{name.Split(' ')[0].ToLowerInvariant()}@cal.test", CreatedAt = now, UpdatedAt = now,
        };
        StaffMember NewStaff(string name, string department) => new()
        {
            Name = name, Email = $"{name.Split(' ')[0].ToLowerInvariant()}@biz.test", NormalizedEmail = $"{name.Split(' ')[0].ToLowerInvariant()}@biz.test",
            Department = department, CreatedAt = now, UpdatedAt = now,
        };
        var (ann, ben, cy, dee) = (NewHost(301, "Ann Cal"), NewHost(302, "Ben Cal"), NewHost(303, "Cy Cal"), NewHost(304, "Dee Cal"));
        var (annStaff, benStaff, cyStaff) = (NewStaff("Ann Staff", "Sales"), NewStaff("Ben Staff", "Sales"), NewStaff("Cy Staff", "Support"));
        var consult = new EventType { CalComId = 701, Title = "Consult", LengthMinutes = 30, SchedulingType = SchedulingType.RoundRobin, UpdatedAt = now };
        var team = new EventType { CalComId = 702, Title = "Team", LengthMinutes = 30, SchedulingType = SchedulingType.Collective, UpdatedAt = now };
        db.AddRange(ann, ben, cy, dee, annStaff, benStaff, cyStaff, consult, team);
        await db.SaveChangesAsync();
        db.StaffMappings.AddRange(
            new StaffMapping { StaffId = annStaff.Id, ExternalId = "301", CreatedAt = now, UpdatedAt = now },
            new StaffMapping { StaffId = benStaff.Id, ExternalId = "302", CreatedAt = now, UpdatedAt = now },
            new StaffMapping { StaffId = cyStaff.Id, ExternalId = "303", CreatedAt = now, UpdatedAt = now });
        (Ann, Ben, Cy, Dee, AnnStaff, Consult, Team) = (ann.Id, ben.Id, cy.Id, dee.Id, annStaff.Id, consult.Id, team.Id);

        Booking Add(string uid, DateTime start, DateTime created, BookingStatus status, EventType type, params Host[] hosts)
        {
            var b = BookingData.Add(db, uid, $"{type.Title} {uid}", start, status, type, hosts, ("Client " + uid, uid + "@client.test"));
            b.CalComCreatedAt = created;
            b.CreatedAt = now; // the mirror's own row time, which the figures must not use
            return b;
        }

        var c1 = Add("c1", Utc(11, 17), Utc(5, 17), BookingStatus.Accepted, consult, ann);
        c1.MeetingState = MeetingState.Ended;
        c1.Attendees[0].Absent = true;
        var c2 = Add("c2", Utc(12, 18), Utc(11, 18), BookingStatus.Accepted, team, ann, ben);
        c2.Hosts[1].Absent = true;
        Add("c3", Utc(17, 3), Utc(13, 3), BookingStatus.Accepted, consult, cy);
        var c4 = Add("c4", Utc(13, 16), Utc(10, 16), BookingStatus.Accepted, consult, dee);
        c4.HostAbsent = true;
        Add("c5", Utc(14, 16), Utc(9, 16), BookingStatus.Cancelled, consult, ann);
        Add("c6", Utc(15, 16), Utc(14, 10), BookingStatus.Rejected, consult, ben);
        Add("c7", Utc(16, 17), Utc(14, 12), BookingStatus.Pending, consult, ann);
        var c8 = Add("c8", Utc(10, 6, 30), Utc(1, 6, 30), BookingStatus.Accepted, consult, ann);
        c8.Attendees[0].Absent = true;
        Add("c9", Utc(17, 8), Utc(16, 10), BookingStatus.Accepted, consult, ben);
        var r0 = Add("r0", Utc(11, 16), Utc(4, 16), BookingStatus.Rescheduled, consult, cy);
        var r1 = Add("r1", Utc(12, 16), Utc(10, 10), BookingStatus.Rescheduled, consult, cy);
        var r2 = Add("r2", Utc(16, 16), Utc(11, 10), BookingStatus.Accepted, consult, cy);
        (r0.RescheduledToUid, r1.RescheduledFromUid, r1.RescheduledToUid, r2.RescheduledFromUid) = ("r1", "r0", "r2", "r1");
        Add("p1", Utc(5, 18), Utc(2, 18), BookingStatus.Cancelled, consult, ben);
        var p2 = Add("p2", Utc(6, 18), Utc(3, 9), BookingStatus.Accepted, consult, cy);
        p2.MeetingState = MeetingState.Ended;
        p2.Attendees[0].Absent = true;
        await db.SaveChangesAsync();

        Reassignment Move(Booking booking, Host from, Host to, DateTime at) => new()
        {
            BookingId = booking.Id, FromHostId = from.Id, ToHostId = to.Id, At = at, RecordedAt = at, Source = ReassignmentSource.CalAdmin, ByUser = "office@biz.test",
        };
        db.Reassignments.AddRange(Move(c1, ben, ann, Utc(10, 12)), Move(c4, cy, dee, Utc(9, 12)), Move(r2, ann, cy, Utc(17, 6, 30)));
        await db.SaveChangesAsync();
    }

    /// <summary>Adds an accepted Consult booking of Ann starting <paramref name="start"/>, as a later delivery would.</summary>
    public async Task AddBookingAsync(IDbContextFactory<AppDbContext> dbFactory, string uid, DateTime start)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var host = await db.Hosts.SingleAsync(h => h.Id == Ann);
        var type = await db.EventTypes.SingleAsync(t => t.Id == Consult);
        BookingData.Add(db, uid, "Consult " + uid, start, BookingStatus.Accepted, type, [host], ("Late", "late@client.test")).CalComCreatedAt = start.AddDays(-1);
        await db.SaveChangesAsync();
    }
}
