using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Tests.Insights;

/// <summary>
/// The insights facts stay a faithful copy of the booking mirror: after every kind of write the maintained rows are the
/// rows written from scratch, and the InsightsFacts migration writes the same rows for a mirror that existed before it.
/// </summary>
public sealed class InsightsFactsTests : IAsyncLifetime
{
    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private InsightsData data = null!;

    public async Task InitializeAsync() => (factory, db, data) = await InsightsData.StartAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<List<string>> FactsAsync()
    {
        await using var context = await db.CreateDbContextAsync();
        var facts = await context.InsightsFacts.AsNoTracking().OrderBy(f => f.BookingId).ThenBy(f => f.HostId).ToListAsync();
        return facts.Select(f => $"{f.BookingId}/{f.HostId} type {f.EventTypeId} {f.StartUtc:O}-{f.EndUtc:O} made {f.CreatedUtc:O} {f.Status}"
            + $" ended {f.MeetingEnded} hostAbsent {f.HostAbsent} attendeeAbsent {f.AttendeeAbsent} rebooked {f.Rebooked}").ToList();
    }

    private async Task<List<string>> RebuiltAsync()
    {
        await using (var context = await db.CreateDbContextAsync()) await InsightsFactsUpkeep.RebuildAsync(context);
        return await FactsAsync();
    }

    private async Task<InsightsFact> FactAsync(string uid, int hostId)
    {
        await using var context = await db.CreateDbContextAsync();
        var id = await context.Bookings.Where(b => b.Uid == uid).Select(b => b.Id).SingleAsync();
        return await context.InsightsFacts.AsNoTracking().SingleAsync(f => f.BookingId == id && f.HostId == hostId);
    }

    [Fact]
    public async Task Each_host_of_each_booking_has_one_fact_as_the_booking_says()
    {
        var facts = await FactsAsync();
        Assert.Equal(15, facts.Count); // 14 bookings, c2 with two hosts

        var c2Ben = await FactAsync("c2", data.Ben);
        Assert.Equal((InsightsData.Utc(12, 18), InsightsData.Utc(11, 18), BookingStatus.Accepted, true, false), (c2Ben.StartUtc, c2Ben.CreatedUtc, c2Ben.Status, c2Ben.HostAbsent, c2Ben.AttendeeAbsent));
        var c2Ann = await FactAsync("c2", data.Ann);
        Assert.False(c2Ann.HostAbsent);
        var c1 = await FactAsync("c1", data.Ann);
        Assert.Equal((true, true, false, data.Consult), (c1.MeetingEnded, c1.AttendeeAbsent, c1.Rebooked, c1.EventTypeId!.Value));
        Assert.True((await FactAsync("c4", data.Dee)).HostAbsent); // the booking's host flag, for its first host
        Assert.True((await FactAsync("r2", data.Cy)).Rebooked);
        Assert.Equal(facts, await RebuiltAsync());
    }

    [Fact]
    public async Task Every_kind_of_write_keeps_the_facts_in_step()
    {
        await using (var context = await db.CreateDbContextAsync())
        {
            // Cancel one, move another, mark an attendee absent, give a collective booking a third host and take one away.
            var c7 = await context.Bookings.SingleAsync(b => b.Uid == "c7");
            c7.Status = BookingStatus.Cancelled;
            var c6 = await context.Bookings.SingleAsync(b => b.Uid == "c6");
            (c6.StartUtc, c6.EndUtc) = (InsightsData.Utc(20, 9), InsightsData.Utc(20, 9, 30));
            var c3 = await context.Bookings.Include(b => b.Attendees).SingleAsync(b => b.Uid == "c3");
            c3.Attendees[0].Absent = true;
            var c2 = await context.Bookings.Include(b => b.Hosts).SingleAsync(b => b.Uid == "c2");
            c2.Hosts.Add(new BookingHost { HostId = data.Cy, Order = 2, StartUtc = c2.StartUtc });
            var c9 = await context.Bookings.Include(b => b.Hosts).SingleAsync(b => b.Uid == "c9");
            c9.Hosts.Clear(); // Ben's row is deleted as an orphan, Dee's added
            c9.Hosts.Add(new BookingHost { HostId = data.Dee, StartUtc = c9.StartUtc });
            await context.SaveChangesAsync();
        }
        Assert.Equal(BookingStatus.Cancelled, (await FactAsync("c7", data.Ann)).Status);
        Assert.Equal(InsightsData.Utc(20, 9), (await FactAsync("c6", data.Ben)).StartUtc);
        Assert.True((await FactAsync("c3", data.Cy)).AttendeeAbsent);
        Assert.Equal(BookingStatus.Accepted, (await FactAsync("c2", data.Cy)).Status);
        Assert.Equal(data.Dee, (await FactAsync("c9", data.Dee)).HostId);

        await using (var context = await db.CreateDbContextAsync())
        {
            context.Bookings.Remove(await context.Bookings.SingleAsync(b => b.Uid == "c5"));
            await data.AddBookingAsync(db, "late1", InsightsData.Utc(13, 9));
            await context.SaveChangesAsync();
        }
        var maintained = await FactsAsync();
        Assert.Equal(16, maintained.Count); // c5 gone, late1 and c2's third host added
        Assert.Equal(maintained, await RebuiltAsync());
    }

    [Fact]
    public async Task A_save_inside_a_transaction_that_rolls_back_leaves_the_facts_as_they_were()
    {
        var before = await FactsAsync();
        await using (var context = await db.CreateDbContextAsync())
        await using (var tx = await context.Database.BeginTransactionAsync())
        {
            (await context.Bookings.SingleAsync(b => b.Uid == "c1")).Status = BookingStatus.Cancelled;
            await context.SaveChangesAsync();
            Assert.Equal(BookingStatus.Cancelled, (await context.InsightsFacts.AsNoTracking().SingleAsync(f => f.BookingId == context.Bookings.Single(b => b.Uid == "c1").Id)).Status);
            await tx.RollbackAsync();
        }
        Assert.Equal(before, await FactsAsync());
    }

    [Fact]
    public async Task The_migration_writes_the_same_facts_for_a_mirror_made_before_it()
    {
        var maintained = await FactsAsync();
        await using (var context = await db.CreateDbContextAsync())
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync("20261206213953_AwayEntries"); // down: the facts table is dropped
            Assert.DoesNotContain("InsightsFacts", await context.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync());
            await migrator.MigrateAsync(); // up again: the migration writes the facts of the bookings there
        }
        Assert.Equal(maintained, await FactsAsync());
    }

    [Fact]
    public async Task A_server_copy_of_the_facts_is_read_again_where_another_server_changed_a_day()
    {
        // Two servers share the database: each has its own copy; a write through either moves the day's version.
        var serverA = new InsightsQuery(db, Options.Create(new CalAdminOptions { TimeZone = InsightsData.Zone }), new FixedClock(InsightsData.Now), new InsightsFactsCache());
        var filter = new InsightsFilter { From = new DateOnly(2025, 3, 10), To = new DateOnly(2025, 3, 16) };
        var before = await serverA.ComputeAsync(filter);
        Assert.Equal((1, 5), (before.Current.Cancelled, before.Current.Held));

        await using (var context = await db.CreateDbContextAsync())
        {
            (await context.Bookings.SingleAsync(b => b.Uid == "c1")).Status = BookingStatus.Cancelled;
            await context.SaveChangesAsync();
        }
        var after = await serverA.ComputeAsync(filter);
        Assert.Equal((2, 4), (after.Current.Cancelled, after.Current.Held));

        // A booking removed from the mirror takes its facts with it, and its day's version moves too.
        await using (var context = await db.CreateDbContextAsync())
        {
            context.Bookings.Remove(await context.Bookings.SingleAsync(b => b.Uid == "c5"));
            await context.SaveChangesAsync();
        }
        var removed = await serverA.ComputeAsync(filter);
        Assert.Equal((1, after.Current.Booked - 1), (removed.Current.Cancelled, removed.Current.Booked));
    }

    [Fact]
    public async Task A_booking_made_in_the_period_that_starts_years_later_is_still_created()
    {
        // Far enough after the period that the query reads it by when it was made instead of from the copy's days.
        await data.AddBookingAsync(db, "far", InsightsData.Utc(12, 9).AddDays(InsightsFactsCache.MaxDays));
        await using (var context = await db.CreateDbContextAsync())
        {
            (await context.Bookings.SingleAsync(b => b.Uid == "far")).CalComCreatedAt = InsightsData.Utc(12, 9);
            await context.SaveChangesAsync();
        }
        var query = new InsightsQuery(db, Options.Create(new CalAdminOptions { TimeZone = InsightsData.Zone }), new FixedClock(InsightsData.Now), new InsightsFactsCache());
        var result = await query.ComputeAsync(new InsightsFilter { From = new DateOnly(2025, 3, 10), To = new DateOnly(2025, 3, 16) });
        Assert.Equal(6 + 1, result.Current.Created); // the 6 of the hand count (InsightsPageTests) and this one
    }
}
