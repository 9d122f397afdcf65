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
/// Each host row's copies of its booking's start, status and event type (which a host's tab and event type filter are
/// read from) after every kind of save,
/// on BookingData's real SQLite file: the host's tabs in the list agree with the bookings themselves.
/// </summary>
public sealed class BookingHostCopiesTests : IAsyncLifetime
{
    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private BookingData data = null!;
    private BookingList list = null!;

    public async Task InitializeAsync()
    {
        (factory, db, data) = await BookingData.StartAsync();
        list = new BookingList(db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now));
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>Every host row as "uid/host status start event-type", and the same built from the bookings.</summary>
    private async Task<(List<string> Copies, List<string> Bookings)> CopiesAsync()
    {
        await using var context = await db.CreateDbContextAsync();
        var rows = await context.BookingHosts.AsNoTracking().OrderBy(h => h.BookingId).ThenBy(h => h.HostId)
            .Select(h => new { h.Booking.Uid, h.HostId, h.Status, h.StartUtc, h.EventTypeId, BookingStatus = h.Booking.Status, BookingStart = h.Booking.StartUtc, BookingEventType = h.Booking.EventTypeId })
            .ToListAsync();
        return (rows.Select(r => $"{r.Uid}/{r.HostId} {r.Status} {r.StartUtc:O} et{r.EventTypeId}").ToList(),
            rows.Select(r => $"{r.Uid}/{r.HostId} {r.BookingStatus} {r.BookingStart:O} et{r.BookingEventType}").ToList());
    }

    private async Task<string[]> Uids(BookingTab tab, int hostId) =>
        (await list.PageAsync(new BookingQuery { Tab = tab, HostId = hostId }, 0, 50)).Rows.Select(r => r.Uid).Order().ToArray();

    [Fact]
    public async Task A_booking_changed_without_its_hosts_loaded_moves_its_host_rows_too()
    {
        Assert.Equal(["b2", "b8"], await Uids(BookingTab.Upcoming, data.Bob));
        await using (var context = await db.CreateDbContextAsync())
        {
            // As a cancel action does: the booking alone, its hosts not loaded.
            (await context.Bookings.SingleAsync(b => b.Uid == "b2")).Status = BookingStatus.Cancelled;
            var b8 = await context.Bookings.SingleAsync(b => b.Uid == "b8");
            (b8.StartUtc, b8.EndUtc) = (BookingData.Utc(3, 9), BookingData.Utc(3, 10)); // moved into the past
            await context.SaveChangesAsync();
        }

        var (copies, bookings) = await CopiesAsync();
        Assert.Equal(bookings, copies);
        Assert.Empty(await Uids(BookingTab.Upcoming, data.Bob));
        Assert.Equal(["b2", "b5"], await Uids(BookingTab.Cancelled, data.Bob));
        Assert.Equal(["b3", "b8"], await Uids(BookingTab.Past, data.Bob));
    }

    [Fact]
    public async Task A_booking_moved_to_another_event_type_without_its_hosts_loaded_is_listed_under_that_type_for_its_host()
    {
        var query = new BookingQuery { Tab = BookingTab.All, HostId = data.Bob, EventTypeId = data.Consultation };
        var before = (await list.PageAsync(query, 0, 50)).Rows.Select(r => r.Uid).ToList();
        string moved;
        await using (var context = await db.CreateDbContextAsync())
        {
            var booking = await context.Bookings.Where(b => b.Hosts.Any(h => h.HostId == data.Bob) && b.EventTypeId != data.Consultation)
                .OrderBy(b => b.Id).FirstAsync();
            booking.EventTypeId = data.Consultation;
            moved = booking.Uid;
            await context.SaveChangesAsync();
        }

        var (copies, bookings) = await CopiesAsync();
        Assert.Equal(bookings, copies);
        Assert.DoesNotContain(moved, before);
        Assert.Contains(moved, (await list.PageAsync(query, 0, 50)).Rows.Select(r => r.Uid));
    }

    [Fact]
    public async Task New_bookings_and_new_host_rows_take_their_bookings_start_and_status()
    {
        await using (var context = await db.CreateDbContextAsync())
        {
            // A new host on a loaded booking, and a new host row by ids alone on a booking the context does not hold.
            var b1 = await context.Bookings.Include(b => b.Hosts).SingleAsync(b => b.Uid == "b1");
            b1.Hosts.Add(new BookingHost { HostId = data.Bob, Order = 1 });
            var b4 = await context.Bookings.AsNoTracking().SingleAsync(b => b.Uid == "b4");
            context.BookingHosts.Add(new BookingHost { BookingId = b4.Id, HostId = data.Bob, Order = 1 });
            context.Bookings.Add(new Booking
            {
                Uid = "new1", Title = "New", StartUtc = BookingData.Utc(20, 9), EndUtc = BookingData.Utc(20, 10),
                Status = BookingStatus.Pending, CreatedAt = BookingData.Utc(1, 9),
                Hosts = [new BookingHost { HostId = data.Bob }],
            });
            await context.SaveChangesAsync();
        }

        var (copies, bookings) = await CopiesAsync();
        Assert.Equal(bookings, copies);
        Assert.Contains(copies, c => c.StartsWith("new1/") && c.Contains(" Pending "));
        Assert.Equal(["b1", "b2", "b8", "new1"], await Uids(BookingTab.Upcoming, data.Bob));
        Assert.Equal(["b2", "new1"], await Uids(BookingTab.Unconfirmed, data.Bob));
    }

    [Fact]
    public async Task The_migrations_give_the_host_rows_of_an_existing_mirror_their_bookings_status_and_event_type()
    {
        var before = await CopiesAsync();
        await using (var context = await db.CreateDbContextAsync())
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync("20261207005335_InsightsFacts"); // down: the column is dropped
            await migrator.MigrateAsync(); // up: each host row takes its booking's status, then its event type
        }
        var after = await CopiesAsync();
        Assert.Equal(before.Bookings, after.Copies);
        Assert.Contains(after.Copies, c => c.Contains(" Cancelled "));
        Assert.Contains(after.Copies, c => c.EndsWith($" et{data.Consultation}"));
    }
}
