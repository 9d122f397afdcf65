using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Live;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Bookings.Live;

/// <summary>Whether a change concerns an open page, answered from the real rows (BookingData on SQLite, 10 March 2025 noon).</summary>
public sealed class BookingChangeScopeTests(BookingDataHost host) : IClassFixture<BookingDataHost>
{
    private readonly BookingChangeScope scope = new(host.Db, Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }), new FixedClock(BookingData.Now),
        host.Factory.Services.GetRequiredService<BookingsGridHtml>());

    private static ChangeNotice Changed(params string[] uids) => new(ChangeNotice.Bookings, uids);

    [Fact]
    public async Task A_list_filtered_to_a_host_is_concerned_by_its_hosts_bookings_only()
    {
        var bobs = BookingQuery.Parse($"?host={host.Data.Bob}&status=all");

        Assert.True(await scope.ConcernsListAsync(Changed("b3"), bobs, shown: []));   // Bob's
        Assert.False(await scope.ConcernsListAsync(Changed("b1"), bobs, shown: []));  // Alice's
    }

    [Fact]
    public async Task A_list_is_concerned_by_a_booking_it_shows_even_when_it_no_longer_matches()
    {
        var upcoming = BookingQuery.Parse("");

        // b5 is cancelled (not upcoming): it left the list the page shows.
        Assert.True(await scope.ConcernsListAsync(Changed("b5"), upcoming, shown: ["b5", "b1"]));
        Assert.False(await scope.ConcernsListAsync(Changed("b5"), upcoming, shown: ["b1"]));
    }

    [Fact]
    public async Task A_notice_that_names_no_booking_concerns_every_list_and_another_topic_none()
    {
        var bobs = BookingQuery.Parse($"?host={host.Data.Bob}");

        Assert.True(await scope.ConcernsListAsync(Changed(), bobs, shown: []));
        Assert.False(await scope.ConcernsListAsync(new ChangeNotice(ChangeNotice.Hosts, ["b3"]), bobs, shown: ["b3"]));
    }

    [Fact]
    public async Task Pages_with_the_same_view_share_one_answer_per_notice()
    {
        var notice = Changed("b3");
        var view = BookingQuery.Parse($"?host={host.Data.Bob}&status=all");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => scope.ConcernsListAsync(notice, view, []).AsTask()));

        Assert.All(answers, Assert.True);
    }

    [Fact]
    public async Task A_calendar_range_is_concerned_by_bookings_in_it_or_drawn_on_it()
    {
        var week = (From: BookingData.Utc(10, 0), To: BookingData.Utc(17, 0));
        var weekBefore = (From: BookingData.Utc(3, 0), To: BookingData.Utc(10, 0));

        Assert.True(await scope.ConcernsRangeAsync(Changed("b1"), week.From, week.To, drawn: []));        // 11 March
        Assert.False(await scope.ConcernsRangeAsync(Changed("b1"), weekBefore.From, weekBefore.To, drawn: []));
        // Moved out of the week before: drawn there, so that page must redraw.
        Assert.True(await scope.ConcernsRangeAsync(Changed("b1"), weekBefore.From, weekBefore.To, drawn: ["b1"]));
    }

    [Fact]
    public async Task A_bookings_page_is_concerned_by_its_booking_and_deliveries_about_it_only()
    {
        long delivery;
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            var row = new WebhookDelivery
            {
                Trigger = "BOOKING_CREATED", BookingUid = "b2", ReceivedAt = BookingData.Utc(9, 8),
                DedupKey = "scope-test", RawBody = "{}", Outcome = DeliveryOutcome.Stale,
            };
            db.WebhookDeliveries.Add(row);
            await db.SaveChangesAsync();
            delivery = row.Id;
        }
        var aboutB2 = new ChangeNotice(ChangeNotice.Webhooks, [delivery.ToString()]);

        Assert.True(await scope.ConcernsBookingAsync(Changed("b2"), "b2", id: null));
        Assert.False(await scope.ConcernsBookingAsync(Changed("b3"), "b2", id: null));
        Assert.True(await scope.ConcernsBookingAsync(aboutB2, "b2", id: null));
        Assert.False(await scope.ConcernsBookingAsync(aboutB2, "b1", id: null));
        // The delivery's change was announced by a bookings notice just before: the page refreshed for that one.
        Assert.False(await scope.ConcernsBookingAsync(aboutB2 with { Announced = ["b2"] }, "b2", id: null));
    }

    [Fact]
    public async Task The_pages_of_a_booking_share_one_read_per_notice_and_a_later_read_is_numbered_later()
    {
        var notice = Changed("b2");
        var read = await scope.DetailsAfterAsync(notice, "b2");
        Assert.Equal("Consultation with Ben", read.Value!.Title);
        // A page that asks for the same notice after that read ended gets it too: it started after the notice.
        Assert.Same(read, await scope.DetailsAfterAsync(notice, "b2"));
        // A page's own read (after an action) and the next notice's read start later, so a page keeps the newest.
        var own = await scope.DetailsNowAsync("b2");
        Assert.True(own.Started > read.Started);
        Assert.True((await scope.DetailsAfterAsync(Changed("b2"), "b2")).Started > own.Started);
        Assert.Null((await scope.DetailsNowAsync("no-such-booking")).Value);
    }

    [Fact]
    public async Task Calendars_on_one_range_share_one_read_per_notice()
    {
        var notice = Changed("b1");
        var (from, to) = (BookingData.Utc(10, 0), BookingData.Utc(17, 0));

        var first = await scope.CalendarAfterAsync(notice, from, to);
        Assert.Contains(first.Value.Items, i => i.Uid == "b1");
        Assert.Same(first, await scope.CalendarAfterAsync(notice, from, to));
        var otherWeek = await scope.CalendarAfterAsync(notice, BookingData.Utc(3, 0), BookingData.Utc(10, 0));
        Assert.DoesNotContain(otherWeek.Value.Items, i => i.Uid == "b1");
        Assert.True((await scope.CalendarNowAsync(from, to)).Started > otherWeek.Started);
    }

    [Fact]
    public async Task Lists_on_one_view_share_one_read_and_one_drawn_grid_per_notice()
    {
        var notice = Changed("b3");
        var bobs = BookingsView.Parse($"?host={host.Data.Bob}&status=all", BookingData.Zone);

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => scope.ListAfterAsync(notice, bobs)));

        Assert.All(reads, r => Assert.Same(reads[0], r));
        var read = reads[0].Value;
        Assert.Contains(read.Data.Rows, r => r.Uid == "b3");
        Assert.DoesNotContain(read.Data.Rows, r => r.Uid == "b1");
        // The grid drawn as the page draws it: the view it is of, the rows' links, the pager's count.
        Assert.Contains($"data-view=\"{bobs.Key.Replace("&", "&amp;")}\"", read.Html);
        Assert.Contains("href=\"bookings/b3\"", read.Html);
        Assert.Contains($"1&#x2013;{read.Data.Total} of {read.Data.Total}</p>", read.Html);
        // In parts: the frame with each row's markup put back is the whole grid; a later read of the same data drew the
        // same rows, and a row drawn from other data is not the same.
        var parts = read.Parts!;
        Assert.Equal(read.Data.Rows.Select(r => r.Uid), parts.Rows.Select(r => r.Uid));
        var body = parts.Frame.IndexOf('>', parts.Frame.IndexOf("<tbody", StringComparison.Ordinal)) + 1;
        Assert.Equal(read.Html, parts.Frame.Insert(body, string.Concat(parts.Rows.Select(r => r.Html))));
        Assert.Equal("bookings/b3", parts.Rows.Single(r => r.Uid == "b3").Key);
        var again = (await scope.ListAfterAsync(Changed("b3"), bobs)).Value.Parts!;
        Assert.All(again.Rows, r => Assert.True(parts.Drew(r)));
        var clara = again.Rows.Single(r => r.Uid == "b3");
        Assert.Contains("Clara", clara.Data);
        Assert.False(parts.Drew(clara with { Data = clara.Data.Replace("Clara", "Klara") }));
        // Another view is another read; the next notice's read is numbered later.
        var all = await scope.ListAfterAsync(notice, BookingsView.Parse("?status=all", BookingData.Zone));
        Assert.Contains(all.Value.Data.Rows, r => r.Uid == "b1");
        Assert.True((await scope.ListAfterAsync(Changed("b3"), bobs)).Started > all.Started);
    }
}
