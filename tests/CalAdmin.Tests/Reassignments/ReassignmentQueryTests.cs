using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Reassignments;

/// <summary>The history's filters, sorting and paging over ReassignmentData on a real SQLite file.</summary>
public sealed class ReassignmentQueryTests(ReassignmentDataHost host) : IClassFixture<ReassignmentDataHost>
{
    private readonly IDbContextFactory<AppDbContext> db = host.Db;
    private readonly ReassignmentData data = host.Data;
    private readonly ReassignmentQuery query = new(host.Db, Options.Create(new CalAdminOptions { TimeZone = ReassignmentData.Zone }));

    private async Task<string[]> NamesAsync(ReassignmentFilter filter, int page = 0, int pageSize = 50)
    {
        var ids = (await query.PageAsync(filter, page, pageSize)).Rows.Select(r => r.Id).ToList();
        return ids.Select(id => data.R.Single(r => r.Value == id).Key).ToArray();
    }

    [Fact]
    public async Task Without_filters_every_change_is_listed_newest_first()
    {
        Assert.Equal(["r8", "r5", "r4", "r3", "r6", "r2", "r1", "r9", "r7"], await NamesAsync(new ReassignmentFilter()));
        Assert.Equal(["r7", "r9", "r1", "r2", "r6", "r3", "r4", "r5", "r8"], await NamesAsync(new ReassignmentFilter { OldestFirst = true }));
    }

    [Fact]
    public async Task A_row_carries_booking_event_type_staff_names_and_who()
    {
        var page = await query.PageAsync(new ReassignmentFilter { Source = ReassignmentSource.CalAdmin, OldestFirst = true }, 0, 10);

        var r1 = page.Rows.Single(r => r.Id == data.R["r1"]);
        Assert.Equal(("d1", "Discovery d1", "Discovery"), (r1.BookingUid, r1.BookingTitle, r1.EventTypeTitle));
        Assert.Equal(("Ann Staff", true, "Ann Cal"), (r1.From!.Name, r1.From.Mapped, r1.From.CalComName));
        Assert.Equal(("Ben Staff", true), (r1.To!.Name, r1.To.Mapped));
        Assert.Equal((ReassignmentData.Formula, "office@biz.test", ReassignmentData.Utc(3, 3, 9)), (r1.Reason, r1.ByUser, r1.AtUtc));
        var r5 = page.Rows.Single(r => r.Id == data.R["r5"]);
        Assert.Equal(("Cy Cal", false), (r5.From!.Name, r5.From.Mapped));
        Assert.Null(r5.EventTypeTitle);
    }

    [Fact]
    public async Task A_change_from_an_unknown_host_has_no_from_host()
    {
        var page = await query.PageAsync(new ReassignmentFilter(), 0, 50);

        var r6 = page.Rows.Single(r => r.Id == data.R["r6"]);
        Assert.Null(r6.From);
        Assert.Equal("Ann Staff", r6.To!.Name);
    }

    [Fact]
    public async Task Dates_are_whole_days_in_the_filters_zone()
    {
        // Berlin: 1–14 March is [28 Feb 23:00 UTC, 14 Mar 23:00 UTC): r9 (28 Feb 23:10 UTC) in, r7 (22:00) and r8 (15 Mar 00:30) out.
        Assert.Equal(["r5", "r4", "r3", "r6", "r2", "r1", "r9"],
            await NamesAsync(new ReassignmentFilter { From = new(2025, 3, 1), To = new(2025, 3, 14) }));
        // UTC, from 1 March on: r9 out; r8 in.
        Assert.Equal(["r8", "r5", "r4", "r3", "r6", "r2", "r1"],
            await NamesAsync(new ReassignmentFilter { From = new(2025, 3, 1), TimeZone = "UTC" }));
        // One day: 4 March.
        Assert.Equal(["r2"], await NamesAsync(new ReassignmentFilter { From = new(2025, 3, 4), To = new(2025, 3, 4) }));
    }

    [Fact]
    public async Task The_host_filter_matches_changes_away_from_and_to_the_host()
    {
        Assert.Equal(["r8", "r5", "r2", "r9"], await NamesAsync(new ReassignmentFilter { HostId = data.Cy }));
        Assert.Equal(["r5"], await NamesAsync(new ReassignmentFilter { HostId = data.Eve }));
    }

    [Fact]
    public async Task The_staff_filter_matches_the_staff_members_hosts()
    {
        Assert.Equal(["r4", "r3", "r6", "r2", "r1", "r7"], await NamesAsync(new ReassignmentFilter { StaffId = data.AnnStaff }));
    }

    [Fact]
    public async Task Event_type_and_source_filter_and_combine()
    {
        Assert.Equal(["r8", "r7"], await NamesAsync(new ReassignmentFilter { EventTypeId = data.TeamMeeting }));
        Assert.Equal(["r4", "r9"], await NamesAsync(new ReassignmentFilter { Source = ReassignmentSource.Reconciliation }));
        Assert.Equal(["r3", "r6", "r2"], await NamesAsync(new ReassignmentFilter { Source = ReassignmentSource.CalComWebhook, EventTypeId = data.Discovery }));
        Assert.Equal(["r4", "r3", "r1"], await NamesAsync(new ReassignmentFilter { HostId = data.Ben, EventTypeId = data.Discovery, From = new(2025, 3, 2), To = new(2025, 3, 12) }));
        Assert.Empty(await NamesAsync(new ReassignmentFilter { EventTypeId = data.Demo }));
    }

    [Fact]
    public async Task Pages_are_cut_on_the_server_with_the_total()
    {
        var second = await query.PageAsync(new ReassignmentFilter(), 1, 4);

        Assert.Equal(9, second.Total);
        Assert.Equal(["r6", "r2", "r1", "r9"], await NamesAsync(new ReassignmentFilter(), 1, 4));
        Assert.Equal(["r7"], await NamesAsync(new ReassignmentFilter(), 2, 4));
        Assert.Equal(4, (await query.PageAsync(new ReassignmentFilter { HostId = data.Cy }, 0, 2)).Total);
    }

    [Fact]
    public async Task The_export_stream_holds_every_row_of_the_view_in_order()
    {
        var rows = new List<long>();
        await foreach (var row in query.StreamAsync(new ReassignmentFilter { HostId = data.Cy, OldestFirst = true })) rows.Add(row.Id);

        Assert.Equal(new[] { "r9", "r2", "r5", "r8" }.Select(n => data.R[n]), rows);
    }

    [Fact]
    public async Task The_choices_offer_hosts_by_staff_name_mapped_staff_and_event_types()
    {
        var choices = await query.ChoicesAsync();

        Assert.Equal(["Ann Staff (Ann Cal)", "Ben Staff (Ben Cal)"], choices.Hosts.Take(2).Select(c => c.Label));
        Assert.Contains(choices.Hosts, c => c.Label == "Cy Cal (unmapped)" && c.Flagged);
        Assert.Equal(["Ann Staff", "Ben Staff"], choices.Staff.Select(c => c.Label));
        Assert.Equal(["Demo", "Discovery", "Team meeting"], choices.EventTypes.Select(c => c.Label));
    }

    [Theory]
    [InlineData("from=2025-03-01&to=2025-03-14&host=3&staff=2&eventType=5&source=CALADMIN&sort=at&tz=UTC", true, "from=2025-03-01&to=2025-03-14&host=3&staff=2&eventType=5&source=caladmin&sort=at&tz=UTC")]
    [InlineData("source=calcomwebhook", true, "source=calcomwebhook")]
    [InlineData("sort=-at&unknown=1", true, "")]
    [InlineData("host=abc", false, "'host' must be a positive whole number")]
    [InlineData("eventType=-1", false, "'eventType' must be a positive whole number")]
    [InlineData("source=email", false, "'source' must be calcomwebhook, caladmin or reconciliation")]
    [InlineData("source=1", false, "'source' must be")]
    [InlineData("from=2025-13-01", false, "'from' must be a date written yyyy-MM-dd")]
    [InlineData("from=2025-03-05&to=2025-03-01", false, "'from' (2025-03-05) is after 'to' (2025-03-01)")]
    [InlineData("tz=Mars/Olympus", false, "'tz' must be an IANA time zone")]
    [InlineData("host=1&host=2", false, "'host' is given more than once")]
    [InlineData("sort=title", false, "'sort' must be")]
    public void Parsing_accepts_the_documented_parameters_and_names_a_bad_one(string queryString, bool valid, string expected)
    {
        var ok = ReassignmentFilter.TryParse(queryString, out var filter, out var error);

        Assert.Equal(valid, ok);
        if (valid) Assert.Equal(expected, filter.ToQueryString());
        else Assert.Contains(expected, error);
    }
}
