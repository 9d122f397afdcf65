using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Reassignments;

/// <summary>
/// A fixed, hand-countable data set for the history and the fairness report. The business zone is Europe/Berlin
/// (UTC+1 in March 2025). "Now" is Saturday 15 March 2025 12:00 UTC. The report's test period is 1–14 March 2025 in
/// Berlin: from 28 Feb 23:00 UTC to 14 Mar 23:00 UTC.
///
/// Hosts: Ann (Cal.com 201, staff "Ann Staff"), Ben (202, "Ben Staff"), Cy (203, unmapped), Dora (204, unmapped),
/// Eve (205, unmapped, inactive), Finn (206, unmapped), Gus (207, unmapped, inactive, no figures).
/// Event types: Discovery (round robin: Ann weight 100 priority 2, Ben 200 priority 4, Cy no weight or priority,
/// Dora a fixed host), Demo (round robin: Ann 50 priority 0, Ben 150 priority 3; no bookings), Team meeting (collective).
/// </summary>
public sealed class ReassignmentData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 15, 12, 0, 0, TimeSpan.Zero);
    public const string Zone = "Europe/Berlin";
    public const string Formula = "=HYPERLINK(\"http://evil\",\"x\")";

    public int Ann { get; private set; }
    public int Ben { get; private set; }
    public int Cy { get; private set; }
    public int Dora { get; private set; }
    public int Eve { get; private set; }
    public int Finn { get; private set; }
    public int AnnStaff { get; private set; }
    public int Discovery { get; private set; }
    public int Demo { get; private set; }
    public int TeamMeeting { get; private set; }

    /// <summary>The reassignment rows by name (r1 … r9, see <see cref="SeedAsync"/>).</summary>
    public Dictionary<string, long> R { get; } = [];

    public static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static async Task<(CalAdminFactory Factory, IDbContextFactory<AppDbContext> Db, ReassignmentData Data)> StartAsync(bool shared = false)
    {
        var factory = new CalAdminFactory();
        factory.Settings["CalAdmin:TimeZone"] = Zone;
        // A host shared by a test class signs in once per test: more than the per-address limit of a minute.
        if (shared) factory.Settings["CalAdmin:SignIn:AttemptsPerMinute"] = "1000";
        _ = factory.Server; // migrations and bootstrap
        var db = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var data = new ReassignmentData();
        await data.SeedAsync(db);
        return (factory, db, data);
    }

    private async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = Now.UtcDateTime;
        Host NewHost(int calComId, string name, bool active = true) => new()
        {
            CalComUserId = calComId, Name = name, Email = $"{name.Split(' ')[0].ToLowerInvariant()}@cal.test",
            NormalizedEmail = $"{name.Split(' ')[0].ToLowerInvariant()}@cal.test", Active = active, CreatedAt = now, UpdatedAt = now,
        };
        var ann = NewHost(201, "Ann Cal");
        var ben = NewHost(202, "Ben Cal");
        var cy = NewHost(203, "Cy Cal");
        var dora = NewHost(204, "Dora Cal");
        var eve = NewHost(205, "Eve Cal", active: false);
        var finn = NewHost(206, "Finn Cal");
        var gus = NewHost(207, "Gus Cal", active: false);
        var annStaff = new StaffMember { Name = "Ann Staff", Email = "ann@biz.test", NormalizedEmail = "ann@biz.test", CreatedAt = now, UpdatedAt = now };
        var benStaff = new StaffMember { Name = "Ben Staff", Email = "ben@biz.test", NormalizedEmail = "ben@biz.test", CreatedAt = now, UpdatedAt = now };
        var discovery = new EventType { CalComId = 601, Title = "Discovery", LengthMinutes = 30, SchedulingType = SchedulingType.RoundRobin, UpdatedAt = now };
        var demo = new EventType { CalComId = 602, Title = "Demo", LengthMinutes = 30, SchedulingType = SchedulingType.RoundRobin, UpdatedAt = now };
        var team = new EventType { CalComId = 603, Title = "Team meeting", LengthMinutes = 60, SchedulingType = SchedulingType.Collective, UpdatedAt = now };
        discovery.Hosts.AddRange([
            new EventTypeHost { Host = ann, Priority = 2 },
            new EventTypeHost { Host = ben, Priority = 4 },
            new EventTypeHost { Host = cy }, // no priority known: Cal.com's default, medium
            new EventTypeHost { Host = dora, Mandatory = true },
        ]);
        demo.Hosts.AddRange([
            new EventTypeHost { Host = ann, Priority = 0 },
            new EventTypeHost { Host = ben, Priority = 3 },
        ]);
        team.Hosts.AddRange([new EventTypeHost { Host = ann, Mandatory = true }, new EventTypeHost { Host = ben, Mandatory = true }]);
        db.AddRange(ann, ben, cy, dora, eve, finn, gus, annStaff, benStaff, discovery, demo, team);
        await db.SaveChangesAsync();
        db.StaffMappings.Add(new StaffMapping { StaffId = annStaff.Id, ExternalId = "201", CreatedAt = now, UpdatedAt = now });
        db.StaffMappings.Add(new StaffMapping { StaffId = benStaff.Id, ExternalId = "202", CreatedAt = now, UpdatedAt = now });
        (Ann, Ben, Cy, Dora, Eve, Finn, AnnStaff) = (ann.Id, ben.Id, cy.Id, dora.Id, eve.Id, finn.Id, annStaff.Id);
        (Discovery, Demo, TeamMeeting) = (discovery.Id, demo.Id, team.Id);

        Booking Add(string uid, DateTime start, BookingStatus status, EventType? type, params Host[] hosts) =>
            BookingData.Add(db, uid, $"{type?.Title ?? "Call"} {uid}", start, status, type, hosts, ("Client " + uid, uid + "@client.test"));

        // Discovery, in the period.
        var d1 = Add("d1", Utc(3, 3, 10), BookingStatus.Accepted, discovery, ann);
        Add("d2", Utc(3, 5, 10), BookingStatus.Pending, discovery, ann);
        Add("d3", Utc(3, 6, 10), BookingStatus.Accepted, discovery, ben);
        Add("d4", Utc(3, 10, 10), BookingStatus.AwaitingPayment, discovery, ben);
        Add("d5", Utc(3, 11, 10), BookingStatus.Accepted, discovery, ben);
        Add("d6", Utc(3, 12, 10), BookingStatus.Accepted, discovery, cy);
        Add("d7", Utc(3, 4, 10), BookingStatus.Cancelled, discovery, ann);
        Add("d8", Utc(3, 7, 10), BookingStatus.Rejected, discovery, ben);
        Add("d9", Utc(3, 8, 10), BookingStatus.Rescheduled, discovery, cy);
        Add("d10", Utc(3, 13, 10), BookingStatus.Accepted, discovery, ann, dora); // Dora is the fixed host
        Add("d11", Utc(2, 28, 23, 30), BookingStatus.Accepted, discovery, ben); // 1 March 00:30 in Berlin: in
        Add("d12", Utc(3, 14, 23), BookingStatus.Accepted, discovery, ann); // 15 March 00:00 in Berlin: out
        Add("d13", Utc(2, 28, 22, 30), BookingStatus.Accepted, discovery, cy); // 28 Feb 23:30 in Berlin: out
        Add("d14", Utc(3, 9, 10), BookingStatus.Accepted, discovery, eve); // Eve is not a host of Discovery
        Add("d15", Utc(3, 12, 14), BookingStatus.Accepted, discovery, cy);
        // Collective and without event type.
        var t1 = Add("t1", Utc(3, 5, 15), BookingStatus.Accepted, team, ann, ben);
        var n1 = Add("n1", Utc(3, 2, 10), BookingStatus.Pending, null, cy);
        // Upcoming (after now), for the home page.
        Add("u1", Utc(3, 20, 9), BookingStatus.Accepted, discovery, cy);
        Add("u2", Utc(3, 21, 9), BookingStatus.Pending, discovery, cy);
        Add("u3", Utc(3, 22, 9), BookingStatus.Cancelled, discovery, eve);
        Add("u4", Utc(3, 20, 11), BookingStatus.Accepted, discovery, ann);
        Add("u5", Utc(3, 25, 9), BookingStatus.Accepted, null, finn);
        await db.SaveChangesAsync();

        Reassignment Move(Booking booking, Host? from, Host? to, DateTime at, ReassignmentSource source, string? reason = null, string? by = null)
        {
            var row = new Reassignment { BookingId = booking.Id, FromHostId = from?.Id, ToHostId = to?.Id, At = at, RecordedAt = at, Source = source, Reason = reason, ByUser = by };
            db.Reassignments.Add(row);
            return row;
        }

        var moves = new Dictionary<string, Reassignment>
        {
            ["r1"] = Move(d1, ann, ben, Utc(3, 3, 9), ReassignmentSource.CalAdmin, Formula, "office@biz.test"), // ISO week 10
            ["r2"] = Move(d1, ann, cy, Utc(3, 4, 9), ReassignmentSource.CalComWebhook, "Round robin"), // week 10
            ["r3"] = Move(d1, ben, ann, Utc(3, 11, 9), ReassignmentSource.CalComWebhook), // week 11
            ["r4"] = Move(d1, ann, ben, Utc(3, 12, 9), ReassignmentSource.Reconciliation, "Found by reconciliation"), // week 11
            ["r5"] = Move(n1, cy, eve, Utc(3, 13, 9), ReassignmentSource.CalAdmin, "Cy on leave", "office@biz.test"), // week 11
            ["r6"] = Move(d1, null, ann, Utc(3, 6, 9), ReassignmentSource.CalComWebhook), // from an unknown host
            ["r7"] = Move(t1, ann, ben, Utc(2, 28, 22), ReassignmentSource.CalAdmin, "Before the period", "boss@biz.test"), // 28 Feb 23:00 Berlin: out
            ["r8"] = Move(t1, ben, cy, Utc(3, 15, 0, 30), ReassignmentSource.CalAdmin, "After the period", "boss@biz.test"), // 15 Mar 01:30 Berlin: out
            ["r9"] = Move(d1, ben, cy, Utc(2, 28, 23, 10), ReassignmentSource.Reconciliation), // 1 Mar 00:10 Berlin (a Saturday, ISO week 9): in
        };
        await db.SaveChangesAsync();
        foreach (var (name, row) in moves) R[name] = row.Id;
    }

    /// <summary>The period the fairness tests use: 1 to 14 March 2025 in Berlin.</summary>
    public static FairnessPeriod Period => new(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 14), TimeZoneInfo.FindSystemTimeZoneById(Zone));
}

/// <summary>
/// One host with <see cref="ReassignmentData"/> seeded, shared by the tests of a class that only read it
/// (<c>IClassFixture&lt;ReassignmentDataHost&gt;</c>); a class whose tests change the rows starts its own with <see cref="ReassignmentData.StartAsync"/>.
/// </summary>
public sealed class ReassignmentDataHost : IAsyncLifetime
{
    public CalAdminFactory Factory { get; private set; } = null!;
    public IDbContextFactory<AppDbContext> Db { get; private set; } = null!;
    public ReassignmentData Data { get; private set; } = null!;

    public async Task InitializeAsync() => (Factory, Db, Data) = await ReassignmentData.StartAsync(shared: true);

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
