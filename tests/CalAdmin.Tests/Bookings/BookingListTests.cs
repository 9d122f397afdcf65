using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Bookings;

/// <summary>BookingList on a real SQLite file, against BookingData's hand-counted set.</summary>
public sealed class BookingListTests(BookingDataHost host) : IClassFixture<BookingDataHost>
{
    private readonly BookingData data = host.Data;
    private readonly BookingList list = new(host.Db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now));

    private async Task<string[]> Uids(BookingQuery query, int page = 0, int pageSize = 50) =>
        (await list.PageAsync(query, page, pageSize)).Rows.Select(r => r.Uid).ToArray();

    [Theory]
    [InlineData(BookingTab.Upcoming, new[] { "b10", "b9", "b1", "b2", "b8" })]
    [InlineData(BookingTab.Unconfirmed, new[] { "b2" })]
    [InlineData(BookingTab.Past, new[] { "b3", "b4" })]
    [InlineData(BookingTab.Cancelled, new[] { "b7", "b5", "b6" })]
    [InlineData(BookingTab.All, new[] { "b8", "b7", "b5", "b2", "b1", "b9", "b10", "b3", "b4", "b6" })]
    public async Task Each_tab_returns_exactly_its_bookings_in_its_natural_order(BookingTab tab, string[] expected)
    {
        Assert.Equal(expected, await Uids(new BookingQuery { Tab = tab }));
        Assert.Equal(expected.Length, (await list.PageAsync(new BookingQuery { Tab = tab }, 0, 1)).Total);
    }

    [Fact]
    public async Task Host_filter_finds_the_hosts_bookings_including_shared_ones()
    {
        Assert.Equal(["b2", "b3", "b5", "b8"], (await Uids(new BookingQuery { Tab = BookingTab.All, HostId = data.Bob })).Order());
        Assert.Equal(["b2", "b8"], await Uids(new BookingQuery { Tab = BookingTab.Upcoming, HostId = data.Bob }));
    }

    [Theory]
    [InlineData(BookingTab.All, null, 4)]          // the host's index alone
    [InlineData(BookingTab.Upcoming, null, 2)]     // the host's rows from now with the tab's statuses, in the same index
    [InlineData(BookingTab.Cancelled, null, 1)]
    [InlineData(BookingTab.Unconfirmed, null, 1)]
    [InlineData(BookingTab.Past, null, 1)]
    [InlineData(BookingTab.All, BookingStatus.Accepted, 1)]
    [InlineData(BookingTab.Upcoming, BookingStatus.AwaitingPayment, 1)]
    public async Task A_hosts_count_is_counted_on_the_hosts_rows_and_agrees_with_its_rows(BookingTab tab, BookingStatus? status, int expected)
    {
        var query = new BookingQuery { Tab = tab, HostId = data.Bob, Status = status };
        var first = await list.PageAsync(query, 0, 1);
        Assert.Equal(expected, first.Total);
        Assert.Equal(expected, (await Uids(query)).Length);
    }

    [Fact]
    public async Task Event_type_and_status_filters_narrow_the_tab()
    {
        Assert.Equal(["b2", "b5", "b8"], (await Uids(new BookingQuery { Tab = BookingTab.All, EventTypeId = data.Consultation })).Order());
        Assert.Equal(["b2", "b4"], (await Uids(new BookingQuery { Tab = BookingTab.All, Status = BookingStatus.Pending })).Order());
        Assert.Empty(await Uids(new BookingQuery { Tab = BookingTab.Past, Status = BookingStatus.Cancelled }));
    }

    [Theory]
    [InlineData("anna", new[] { "b1" })]
    [InlineData("EXAMPLE.ORG", new[] { "b2" })]
    [InlineData("example", new[] { "b1", "b2", "b3" })]
    [InlineData("_%", new[] { "b6" })]
    [InlineData("nobody", new string[0])]
    public async Task Search_matches_attendee_name_or_email_ignoring_case_and_wildcards(string q, string[] expected)
    {
        Assert.Equal(expected, (await Uids(new BookingQuery { Tab = BookingTab.All, Search = q })).Order());
        Assert.Equal(expected.Length, (await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = q }, 0, 1)).Total);
    }

    [Theory]
    [InlineData("eye", new[] { "b1" })]          // inside a word: "Anna Meyer"
    [InlineData("NNA ME", new[] { "b1" })]       // across the space, any case
    [InlineData("\"Anna", new string[0])]       // a quote is text, not FTS syntax
    [InlineData("ben OR gina", new string[0])]   // nor are FTS operators
    [InlineData("x.test", new[] { "b10", "b4", "b5", "b6", "b7", "b8", "b9" })]
    public async Task Search_finds_any_part_of_a_name_or_email(string q, string[] expected)
    {
        Assert.Equal(expected.Order(), (await Uids(new BookingQuery { Tab = BookingTab.All, Search = q })).Order());
        // A search alone is counted in the index: one per booking, however many of its attendees match.
        Assert.Equal(expected.Length, (await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = q }, 0, 1)).Total);
    }

    [Fact]
    public async Task Date_filter_takes_whole_days_in_the_viewers_zone()
    {
        // 11 March in Berlin is 10 March 23:00 UTC to 11 March 23:00 UTC: b9 (00:30 Berlin) is in, b10 (23:30 on the 10th) is out.
        Assert.Equal(["b9", "b1"], await Uids(new BookingQuery { Tab = BookingTab.All, From = new(2025, 3, 11), To = new(2025, 3, 11), Sort = BookingSortField.Start, Descending = false }));
        // The same day in UTC.
        Assert.Equal(["b1"], await Uids(new BookingQuery { Tab = BookingTab.All, From = new(2025, 3, 11), To = new(2025, 3, 11), TimeZone = "UTC" }));
        // Open-ended ranges.
        Assert.Equal(["b6", "b4"], await Uids(new BookingQuery { Tab = BookingTab.All, To = new(2025, 3, 8), Descending = false }));
        Assert.Equal(["b8", "b7"], await Uids(new BookingQuery { Tab = BookingTab.All, From = new(2025, 3, 14) }));
        // Combined with a host: the range is applied to the host's denormalized start too.
        Assert.Equal(["b9"], await Uids(new BookingQuery { Tab = BookingTab.All, HostId = data.Alice, From = new(2025, 3, 11), To = new(2025, 3, 11), Status = BookingStatus.Accepted, Search = "hans" }));
    }

    [Fact]
    public async Task Pages_follow_the_sort_and_report_the_total()
    {
        var ascending = new BookingQuery { Tab = BookingTab.All, Descending = false };
        var first = await list.PageAsync(ascending, 0, 3);
        var second = await list.PageAsync(ascending, 1, 3);
        var last = await list.PageAsync(ascending, 3, 3);

        Assert.Equal(10, first.Total);
        Assert.Equal(["b6", "b4", "b3"], first.Rows.Select(r => r.Uid));
        Assert.Equal(["b10", "b9", "b1"], second.Rows.Select(r => r.Uid));
        Assert.Equal(["b8"], last.Rows.Select(r => r.Uid));
    }

    [Fact]
    public async Task Sorting_by_title_and_status()
    {
        Assert.Equal(["b2", "b5", "b8", "b10", "b7", "b1", "b3", "b4", "b6", "b9"],
            await Uids(new BookingQuery { Tab = BookingTab.All, Sort = BookingSortField.Title, Descending = false }));
        Assert.Equal(["b9", "b6", "b4"], await Uids(new BookingQuery { Tab = BookingTab.All, Sort = BookingSortField.Title, Descending = true }, 0, 3));

        var byStatus = (await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Sort = BookingSortField.Status, Descending = false }, 0, 50)).Rows;
        Assert.Equal(["b3", "b10", "b9", "b1", "b8", "b5", "b4", "b2", "b6", "b7"], byStatus.Select(r => r.Uid));
    }

    [Fact]
    public async Task Rows_carry_staff_names_for_mapped_hosts_and_flag_the_others()
    {
        var b2 = Assert.Single((await list.PageAsync(new BookingQuery { Tab = BookingTab.Unconfirmed }, 0, 10)).Rows);

        Assert.Equal("Consultation", b2.EventTypeTitle);
        Assert.Equal([("Alice Staff", true), ("Bob Cal", false)], b2.Hosts.Select(h => (h.Name, h.Mapped)));
        Assert.Equal([new BookingAttendeeCell("Ben Kurz", "ben@EXAMPLE.org", false)], b2.Attendees);
    }

    [Fact]
    public async Task The_export_stream_returns_every_row_of_the_view_in_order()
    {
        var streamed = new List<string>();
        await foreach (var row in list.StreamAsync(new BookingQuery { Tab = BookingTab.Upcoming })) streamed.Add(row.Uid);

        Assert.Equal(["b10", "b9", "b1", "b2", "b8"], streamed);
    }

    [Theory]
    [InlineData("status=past&from=2025-03-01&to=2025-03-31&host=7&eventType=3&bookingStatus=Pending&q=ann@x&sort=-title&tz=UTC")]
    [InlineData("status=all")]
    public void The_query_string_round_trips(string text)
    {
        var query = BookingQuery.Parse(text);
        Assert.Equal(query, BookingQuery.Parse(query.ToQueryString()));
        Assert.Equal(text, query.ToQueryString());
    }

    [Fact]
    public void Bad_query_values_fall_back_to_the_defaults()
    {
        var query = BookingQuery.Parse("?status=everything&from=yesterday&host=-1&bookingStatus=7&tz=Mars/Olympus&sort=price");

        Assert.Equal(new BookingQuery(), query);
    }
}

/// <summary>The search index as rows change: a host of its own, as the test changes the seeded rows.</summary>
public sealed class BookingSearchIndexTests : IAsyncLifetime
{
    private CalAdminFactory factory = null!;
    private BookingList list = null!;

    public async Task InitializeAsync()
    {
        IDbContextFactory<AppDbContext> db;
        (factory, db, _) = await BookingData.StartAsync();
        list = new BookingList(db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now));
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string[]> Uids(BookingQuery query, int page = 0, int pageSize = 50) =>
        (await list.PageAsync(query, page, pageSize)).Rows.Select(r => r.Uid).ToArray();

    [Fact]
    public async Task Search_follows_renamed_and_removed_attendees()
    {
        await using (var db = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            var anna = await db.Attendees.SingleAsync(a => a.Name == "Anna Meyer");
            anna.Name = "Annabel Ostrowski";
            db.Attendees.Remove(await db.Attendees.SingleAsync(a => a.Name == "Hans"));
            await db.SaveChangesAsync();
        }

        Assert.Empty(await Uids(new BookingQuery { Tab = BookingTab.All, Search = "meyer" }));
        Assert.Equal(["b1"], await Uids(new BookingQuery { Tab = BookingTab.All, Search = "strowsk" }));
        Assert.Empty(await Uids(new BookingQuery { Tab = BookingTab.All, Search = "hans" }));
        Assert.Equal(0, (await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "hans" }, 0, 1)).Total);

        // A booking removed with its attendees leaves the index (and the count) too.
        await using (var db = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            db.Bookings.Remove(await db.Bookings.SingleAsync(b => b.Uid == "b1"));
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, (await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "strowsk" }, 0, 1)).Total);
    }
}
