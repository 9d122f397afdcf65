using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Components.Shared;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Bookings;

/// <summary>
/// The list's count stops at <see cref="BookingList.CountCap"/> (a search's at <see cref="BookingList.SearchCountCap"/>): BookingData's ten bookings plus 10,005 cancelled ones
/// (attendee "Zed Capped") made in SQL on the real SQLite file, so the All tab has 10,015.
/// </summary>
public sealed class BookingListCapTests : IAsyncLifetime
{
    private const int Extra = BookingList.CountCap + 5;
    private CalAdminFactory factory = null!;
    private BookingList list = null!;

    public async Task InitializeAsync()
    {
        IDbContextFactory<AppDbContext> dbFactory;
        (factory, dbFactory, _) = await BookingData.StartAsync();
        list = new BookingList(dbFactory, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now));
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Extra})
            INSERT INTO Bookings (CalComId, Uid, Title, StartUtc, EndUtc, Status, Location, CreatedAt, UpdatedAt, MeetingState, HostAbsent)
            SELECT 900000 + i, 'cap-' || printf('%05d', i), 'Capped', strftime('%Y-%m-%d %H:%M:%S', '2024-01-01', '+' || i || ' minutes'),
                   strftime('%Y-%m-%d %H:%M:%S', '2024-01-01', '+' || (i + 30) || ' minutes'), 'Cancelled', '', '2024-01-01 00:00:00',
                   '2024-01-01 00:00:00', 'NotStarted', 0
            FROM n;
            INSERT INTO Attendees (BookingId, Name, Email, TimeZone, Absent)
            SELECT Id, 'Zed Capped', 'zed@cap.test', 'UTC', 0 FROM Bookings WHERE Uid LIKE 'cap-%';
            """);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_view_of_more_than_the_cap_says_more_than_and_stops_counting()
    {
        var all = await list.PageAsync(new BookingQuery { Tab = BookingTab.All }, 0, 25);
        Assert.Equal(BookingList.CountCap, all.Total);
        Assert.True(all.MoreThanTotal);
        Assert.Equal(25, all.Rows.Count);

        // A search stops counting at its own, lower cap: alone it is counted in the index, with a tab as a walk of its matches.
        var searched = await list.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "zed capp" }, 0, 25);
        Assert.Equal((BookingList.SearchCountCap, true), (searched.Total, searched.MoreThanTotal));
        var searchedInTab = await list.PageAsync(new BookingQuery { Tab = BookingTab.Cancelled, Search = "zed capp" }, 0, 25);
        Assert.Equal((BookingList.SearchCountCap, true, 25), (searchedInTab.Total, searchedInTab.MoreThanTotal, searchedInTab.Rows.Count));
        Assert.Equal("1–25 of more than 1,000", Pager.Caption(0, 25, searched.Total, searched.MoreThanTotal));

        Assert.Equal("1–25 of more than 10,000", Pager.Caption(0, 25, all.Total, all.MoreThanTotal));
    }

    [Fact]
    public async Task The_page_of_a_broad_search_says_how_far_it_counted_and_asks_for_more_letters()
    {
        var (email, password) = await factory.CreateUserAsync(CalAdmin.Web.Features.Users.Roles.Staff);
        var client = factory.CreateBrowserClient();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await CalAdminFactory.SignInAsync(client, email, password)).StatusCode);

        var broad = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/bookings?status=cancelled&q=zed+capp"));
        var narrow = await client.GetStringAsync("/bookings?status=cancelled&q=cap-00001");

        Assert.Contains("More than 1,000 bookings match", broad);
        Assert.Contains("“zed capp”: add to the search to narrow it.", broad);
        Assert.Contains("1–25 of more than 1,000", broad);
        Assert.DoesNotContain("data-testid=\"search-broad\"", narrow);
    }

    [Fact]
    public async Task Views_under_the_cap_keep_their_exact_count()
    {
        var intro = await list.PageAsync(new BookingQuery { Tab = BookingTab.Past }, 0, 25);
        Assert.Equal((2, false), (intro.Total, intro.MoreThanTotal));
        var upcoming = await list.PageAsync(new BookingQuery { Tab = BookingTab.Upcoming }, 0, 25);
        Assert.Equal((5, false), (upcoming.Total, upcoming.MoreThanTotal));
        Assert.Equal("1–5 of 5", Pager.Caption(0, 25, upcoming.Total, upcoming.MoreThanTotal));
    }

    [Fact]
    public async Task Pages_past_the_cap_show_the_last_page_within_it()
    {
        var query = new BookingQuery { Tab = BookingTab.All };
        var last = await list.PageAsync(query, (BookingList.CountCap - 1) / 25, 25);
        var beyond = await list.PageAsync(query, 1000, 25);

        Assert.Equal(25, beyond.Rows.Count);
        Assert.Equal(last.Rows.Select(r => r.Uid), beyond.Rows.Select(r => r.Uid));
        Assert.Equal("9,976–10,000 of more than 10,000", Pager.Caption(399, 25, beyond.Total, beyond.MoreThanTotal));

        // A search's pages end at its cap.
        var search = new BookingQuery { Tab = BookingTab.Cancelled, Search = "zed capp" };
        var lastFound = await list.PageAsync(search, (BookingList.SearchCountCap - 1) / 25, 25);
        var beyondFound = await list.PageAsync(search, 1000, 25);
        Assert.Equal(25, beyondFound.Rows.Count);
        Assert.Equal(lastFound.Rows.Select(r => r.Uid), beyondFound.Rows.Select(r => r.Uid));
    }
}
