using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reassignments;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Reassignments;

/// <summary>The fairness figures equal those computed by hand for a fixed data set (ReassignmentData) on a real SQLite file.</summary>
public sealed class FairnessReportTests(ReassignmentDataHost host) : IClassFixture<ReassignmentDataHost>
{
    private readonly IDbContextFactory<AppDbContext> db = host.Db;
    private readonly ReassignmentData data = host.Data;

    [Fact]
    public async Task The_per_host_figures_equal_those_computed_by_hand()
    {
        var result = await new FairnessReport(db).ComputeAsync(ReassignmentData.Period);

        // Period: 1–14 March in Berlin = [28 Feb 23:00 UTC, 14 Mar 23:00 UTC).
        // Assigned (live bookings starting in the period whose hosts include the host):
        //   Ann: d1, d2, d10, t1 = 4   (d7 cancelled; d12 starts 15 Mar 00:00 Berlin, outside)
        //   Ben: d3, d4, d5, d11, t1 = 5   (d8 rejected; d11 is 1 Mar 00:30 Berlin, inside)
        //   Cy:  d6, d15, n1 = 3   (d9 rescheduled away; d13 is 28 Feb 23:30 Berlin, outside)
        //   Dora: d10 = 1 (as its fixed host); Eve: d14 = 1 (inactive, but has a figure); Finn: 0 (active, shown)
        //   Gus: inactive with no figure, not shown.
        // Reassignments in the period: r1 Ann→Ben, r2 Ann→Cy, r3 Ben→Ann, r4 Ann→Ben, r5 Cy→Eve, r6 ?→Ann, r9 Ben→Cy
        //   (r7 is 28 Feb 23:00 Berlin and r8 15 Mar 01:30 Berlin: outside).
        //   Away: Ann r1 r2 r4 = 3; Ben r3 r9 = 2; Cy r5 = 1.   To: Ann r3 r6 = 2; Ben r1 r4 = 2; Cy r2 r9 = 2; Eve r5 = 1.
        //   Net = to − away: Ann −1, Ben 0, Cy +1, Dora 0, Eve +1, Finn 0.
        // Order: assigned, most first; then by name.
        Assert.Equal([
            ("Ben Staff", 5, 2, 2, 0),
            ("Ann Staff", 4, 3, 2, -1),
            ("Cy Cal", 3, 1, 2, 1),
            ("Dora Cal", 1, 0, 0, 0),
            ("Eve Cal", 1, 0, 1, 1),
            ("Finn Cal", 0, 0, 0, 0),
        ], result.Hosts.Select(h => (h.Host.Name, h.Assigned, h.ReassignedAway, h.ReassignedTo, h.Net)));
        Assert.Equal([true, true, false, false, false, false], result.Hosts.Select(h => h.Host.Mapped));
    }

    [Fact]
    public async Task Round_robin_shares_stand_next_to_an_equal_share_among_the_round_robin_hosts_computed_by_hand()
    {
        var result = await new FairnessReport(db).ComputeAsync(ReassignmentData.Period);

        // Round-robin event types by title: Demo, Discovery (Team meeting is collective: not listed).
        Assert.Equal(["Demo", "Discovery"], result.RoundRobin.Select(t => t.Title));

        // Discovery's live bookings in the period: d1 d2 d3 d4 d5 d6 d10 d11 d14 d15 = 10.
        // Counted per non-fixed host (Dora, fixed host of d10, is left out): Ann d1 d2 d10 = 3, Ben d3 d4 d5 d11 = 4,
        // Cy d6 d15 = 2, Eve d14 = 1 (not a host of Discovery: no expected share) → 10 in all.
        // Actual share = count / 10: 30 %, 40 %, 20 %, 10 %.
        // Expected share = an equal share among the three round-robin hosts (Dora is fixed): 100 / 3 each, whatever the priority.
        var discovery = result.RoundRobin.Single(t => t.EventTypeId == data.Discovery);
        Assert.Equal(10, discovery.Bookings);
        Assert.Equal([
            ("Ann Staff", 3, 30.0, (double?)(100.0 / 3), (int?)2),
            ("Ben Staff", 4, 40.0, 100.0 / 3, 4),
            ("Cy Cal", 2, 20.0, 100.0 / 3, 2),
            ("Eve Cal", 1, 10.0, null, null),
        ], discovery.Hosts.Select(s => (s.Host.Name, s.Bookings, s.ActualShare, s.ExpectedShare, s.Priority)));
        Assert.Equal(["medium", "highest", "medium"], discovery.Hosts.Where(s => s.Configured).Select(s => FairnessReport.PriorityText(s.Priority)));

        // Demo has no bookings: shares 0; expected 50 % each.
        var demo = result.RoundRobin.Single(t => t.EventTypeId == data.Demo);
        Assert.Equal(0, demo.Bookings);
        Assert.Equal([
            ("Ann Staff", 0, 0.0, (double?)50.0, (int?)0),
            ("Ben Staff", 0, 0.0, 50.0, 3),
        ], demo.Hosts.Select(s => (s.Host.Name, s.Bookings, s.ActualShare, s.ExpectedShare, s.Priority)));
    }

    [Fact]
    public async Task Reassignments_away_per_iso_week_are_counted_by_hand()
    {
        var result = await new FairnessReport(db).ComputeAsync(ReassignmentData.Period);

        // 1 March 2025 is a Saturday in ISO week 9; 14 March a Friday in week 11.
        // Away, by Berlin day: r9 1 Mar (W09, Ben); r1 3 Mar, r2 4 Mar (W10, Ann); r3 11 Mar (W11, Ben); r4 12 Mar (W11, Ann);
        // r5 13 Mar (W11, Cy). r6 has no from-host and is not charted. Series: most reassigned away first.
        Assert.Equal(["2025-W09", "2025-W10", "2025-W11"], result.Weekly.Weeks);
        Assert.Equal([
            ("Ann Staff", new[] { 0, 2, 1 }),
            ("Ben Staff", new[] { 1, 0, 1 }),
            ("Cy Cal", new[] { 0, 0, 1 }),
        ], result.Weekly.Series.Select(s => (s.Host.Name, s.Counts.ToArray())));
    }

    [Fact]
    public async Task The_period_is_read_in_its_zone()
    {
        // The same days in UTC: [1 Mar 00:00, 15 Mar 00:00) UTC. r9 (28 Feb 23:10 UTC) falls out, r8 (15 Mar 00:30) stays out,
        // d11 (28 Feb 23:30 UTC) falls out and d12 (14 Mar 23:00 UTC) comes in: Ben assigned 5 − 1 = 4, Ann 4 + 1 = 5.
        var utc = ReassignmentData.Period with { Zone = TimeZoneInfo.Utc };

        var result = await new FairnessReport(db).ComputeAsync(utc);

        var ben = result.Hosts.Single(h => h.Host.HostId == data.Ben);
        var ann = result.Hosts.Single(h => h.Host.HostId == data.Ann);
        Assert.Equal((4, 1), (ben.Assigned, ben.ReassignedAway));
        Assert.Equal(5, ann.Assigned);
    }

    [Fact]
    public void The_default_period_is_the_last_30_days_including_today()
    {
        var period = FairnessPeriod.LastDays(ReassignmentData.Now, TimeZoneInfo.FindSystemTimeZoneById(ReassignmentData.Zone));

        Assert.Equal((new DateOnly(2025, 2, 14), new DateOnly(2025, 3, 15), 30), (period.From, period.To, period.Days));
        Assert.Equal(ReassignmentData.Utc(2, 13, 23), period.StartUtc);
        Assert.Equal(ReassignmentData.Utc(3, 15, 23), period.EndUtc);
    }

    [Theory]
    [InlineData(2024, 12, 30, "2025-W01")]
    [InlineData(2021, 1, 3, "2020-W53")]
    [InlineData(2025, 3, 10, "2025-W11")]
    public void Week_labels_follow_iso_8601(int year, int month, int day, string label) =>
        Assert.Equal(label, FairnessReport.WeekLabel(new DateOnly(year, month, day)));
}
