using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Bookings;

/// <summary>
/// A search's page is read from the attendee index in the list's order by start (the index's rowid is the booking's
/// start key): on BookingData's real SQLite file, a search gives exactly the rows of the same view without the search
/// that have a matching attendee, in the same order, page by page, as bookings move, tie and go.
/// </summary>
public sealed class AttendeeSearchOrderTests : IAsyncLifetime
{
    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private BookingList list = null!;

    public async Task InitializeAsync()
    {
        (factory, db, _) = await BookingData.StartAsync();
        list = new BookingList(db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now));
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>The view without the search, filtered here to the rows with an attendee containing the term.</summary>
    private async Task<string[]> ExpectedAsync(BookingQuery query, string term) =>
        (await list.PageAsync(query with { Search = null }, 0, 200)).Rows
            .Where(r => r.Attendees.Any(a => a.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || a.Email.Contains(term, StringComparison.OrdinalIgnoreCase)))
            .Select(r => r.Uid).ToArray();

    private async Task<string[]> Uids(BookingQuery query, int page = 0, int pageSize = 200) =>
        (await list.PageAsync(query, page, pageSize)).Rows.Select(r => r.Uid).ToArray();

    private async Task AssertSameAsWithoutSearchAsync(BookingQuery query)
    {
        var expected = await ExpectedAsync(query, query.Search!);
        Assert.Equal(expected, await Uids(query));
        Assert.Equal(expected.Length, (await list.PageAsync(query, 0, 1)).Total);
        // Page by page too: the second page of two rows is the expected third and fourth.
        Assert.Equal(expected.Skip(2).Take(2), await Uids(query, page: 1, pageSize: 2));
    }

    [Theory]
    [InlineData(BookingTab.All, null)]
    [InlineData(BookingTab.All, false)]
    [InlineData(BookingTab.Upcoming, null)]
    [InlineData(BookingTab.Upcoming, true)]
    [InlineData(BookingTab.Unconfirmed, null)]
    [InlineData(BookingTab.Past, null)]
    [InlineData(BookingTab.Cancelled, null)]
    public async Task A_search_lists_the_views_matching_rows_in_the_views_order(BookingTab tab, bool? descending)
    {
        foreach (var term in new[] { "x.test", "example", "EXAMPLE.org" })
        {
            await AssertSameAsWithoutSearchAsync(new BookingQuery { Tab = tab, Descending = descending, Search = term });
            // With a date range and an event type as well (10–12 March in Berlin).
            await AssertSameAsWithoutSearchAsync(new BookingQuery { Tab = tab, Descending = descending, Search = term, From = new(2025, 3, 10), To = new(2025, 3, 12) });
        }
        Assert.NotEmpty(await Uids(new BookingQuery { Tab = BookingTab.All, Search = "x.test" }));
    }

    [Fact]
    public async Task A_moved_booking_moves_in_the_search_a_tie_is_ordered_by_id_and_a_removed_one_leaves_it()
    {
        var all = new BookingQuery { Tab = BookingTab.All, Descending = false, Search = "x.test" };
        Assert.Equal(["b6", "b4", "b10", "b9", "b5", "b7", "b8"], await Uids(all));
        await using (var context = await db.CreateDbContextAsync())
        {
            // b6 moves to the start of b8 (the same second: then by id), b10 to the far past; b5 goes with its attendees.
            var b6 = await context.Bookings.SingleAsync(b => b.Uid == "b6");
            (b6.StartUtc, b6.EndUtc) = (BookingData.Utc(15, 9), BookingData.Utc(15, 10));
            var b10 = await context.Bookings.SingleAsync(b => b.Uid == "b10");
            (b10.StartUtc, b10.EndUtc) = (new DateTime(1999, 1, 1, 9, 0, 0, DateTimeKind.Utc), new DateTime(1999, 1, 1, 10, 0, 0, DateTimeKind.Utc));
            context.Bookings.Remove(await context.Bookings.SingleAsync(b => b.Uid == "b5"));
            await context.SaveChangesAsync();
        }
        Assert.Equal(["b10", "b4", "b9", "b7", "b6", "b8"], await Uids(all));
        Assert.Equal(["b8", "b6", "b7", "b9", "b4", "b10"], await Uids(all with { Descending = true }));
        await AssertSameAsWithoutSearchAsync(all);
        await AssertSameAsWithoutSearchAsync(all with { Tab = BookingTab.Upcoming });
    }

    [Fact]
    public async Task The_migration_keys_every_booking_by_its_start_and_the_search_finds_the_same()
    {
        var before = await Uids(new BookingQuery { Tab = BookingTab.All, Search = "x.test" });
        await using (var context = await db.CreateDbContextAsync())
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync("20261207035411_BookingHostStatus"); // down: the index keyed by booking id
            await migrator.MigrateAsync(); // up: keyed by start
        }
        Assert.Equal(before, await Uids(new BookingQuery { Tab = BookingTab.All, Search = "x.test" }));

        await using var check = await db.CreateDbContextAsync();
        var keys = (await check.Database.SqlQuery<long>($"SELECT rowid AS Value FROM AttendeeSearch").ToListAsync()).Order().ToList();
        var bookings = await check.Bookings.Where(b => b.Attendees.Any()).Select(b => new { b.Id, b.StartUtc }).ToListAsync();
        Assert.Equal(bookings.Select(b => AttendeeSearch.KeyOf(b.StartUtc, b.Id)).Order().ToList(), keys);
    }
}
