using CalAdmin.Tests.Bookings;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Outcomes;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Outcomes;

/// <summary>The list's outcome filter and the no-show counts over BookingData + DeskData on a real SQLite file.</summary>
public sealed class OutcomeFilterTests : IAsyncLifetime
{
    private CalAdmin.Tests.Infrastructure.CalAdminFactory factory = null!;
    private BookingList list = null!;
    private NoShowCounts counts = null!;
    private BookingData data = null!;

    public async Task InitializeAsync()
    {
        Microsoft.EntityFrameworkCore.IDbContextFactory<CalAdmin.Web.Data.AppDbContext> db;
        (factory, db, data) = await BookingData.StartAsync();
        await DeskData.AddAsync(db);
        var clock = new FixedClock(BookingData.Now);
        list = new BookingList(db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), clock);
        counts = new NoShowCounts(db, clock);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string[]> Uids(BookingQuery query) => (await list.PageAsync(query, 0, 100)).Rows.Select(r => r.Uid).Order().ToArray();

    [Fact]
    public async Task The_no_show_filter_finds_bookings_with_a_host_or_attendee_mark()
    {
        Assert.Equal(["d3", "d5"], await Uids(new BookingQuery { Tab = BookingTab.All, Outcome = OutcomeFilter.NoShow }));
        Assert.Equal(["d5"], await Uids(new BookingQuery { Tab = BookingTab.All, Outcome = OutcomeFilter.NoShow, HostId = data.Bob }));
    }

    [Fact]
    public async Task Needs_an_outcome_is_past_accepted_bookings_without_a_mark_or_a_meeting_end()
    {
        // b4 is past but pending, d2 has not happened yet, d3/d5 have marks, d4's meeting ended.
        Assert.Equal(["b3", "d1"], await Uids(new BookingQuery { Tab = BookingTab.All, Outcome = OutcomeFilter.Needed }));
        Assert.Equal(2, (await list.PageAsync(new BookingQuery { Tab = BookingTab.Past, Outcome = OutcomeFilter.Needed }, 0, 1)).Total);
    }

    [Fact]
    public void The_outcome_is_read_from_and_written_to_the_url()
    {
        var query = BookingQuery.Parse("?status=all&outcome=noshow");
        Assert.Equal(OutcomeFilter.NoShow, query.Outcome);
        Assert.True(query.HasFilters);
        Assert.Equal("status=all&outcome=needed", (query with { Outcome = OutcomeFilter.Needed }).ToQueryString());
        Assert.Null(BookingQuery.Parse("?outcome=1").Outcome);
        Assert.Null(BookingQuery.Parse("?outcome=bogus").Outcome);
    }

    [Fact]
    public async Task No_show_counts_per_host_and_per_person()
    {
        // Bob's past accepted bookings: b3, d4, d5; he missed d5.
        Assert.Equal(new NoShowCount(3, 1, 0), await counts.ForHostAsync(data.Bob));
        // Alice's: b10? no, it is tonight. d1, d3 (Lou absent): 2 bookings, an attendee missed one.
        Assert.Equal(new NoShowCount(2, 0, 1), await counts.ForHostAsync(data.Alice));
        // lou@x.test (any case): d3 (absent) and d5 (present, the host was absent).
        Assert.Equal(new NoShowCount(2, 1, 1), await counts.ForPersonAsync(" LOU@x.test "));
    }
}
