using Bunit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Calendar;
using Microsoft.Extensions.DependencyInjection;

using CalAdmin.Tests.Bookings;

namespace CalAdmin.Tests.Calendar;

public sealed class CalendarTests : BookingPagesContext
{
    private IRenderedComponent<CalendarPage> Open(string url)
    {
        GoTo(url);
        var page = RenderPage<CalendarPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=legend]")));
        return page;
    }

    private static string[] ItemsOn(IRenderedComponent<CalendarPage> page, string day) =>
        page.FindAll($".cal-day[data-day='{day}'] .cal-item").Select(a => a.TextContent).ToArray();

    [Fact]
    public void The_week_view_places_bookings_in_the_day_column_of_the_viewers_zone()
    {
        var page = Open("calendar?view=week&date=2025-03-12");

        Assert.Equal("10 Mar – 16 Mar 2025", page.Find("[data-testid=range-title]").TextContent);
        // b9 (Hans) starts 10 March 23:30 UTC: 00:30 on Tuesday 11 March in Berlin.
        Assert.Contains("00:30 Intro call\nHans", ItemsOn(page, "2025-03-11"));
        Assert.Contains("23:30 Intro call\nIda", ItemsOn(page, "2025-03-10"));
        Assert.DoesNotContain(ItemsOn(page, "2025-03-10"), t => t.Contains("Hans"));
        // Cancelled (b5) and past-week (b3) bookings are not drawn.
        Assert.DoesNotContain(page.FindAll(".cal-item"), a => a.GetAttribute("href") is "bookings/b5" or "bookings/b3");
        Assert.Equal("bookings/b1", page.FindAll(".cal-item").Single(a => a.TextContent.Contains("Anna Meyer")).GetAttribute("href"));
        Assert.Equal(["Consultation", "Intro call"], page.FindAll("[data-testid=legend] > span").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public async Task A_booking_Cal_com_reports_in_the_week_shown_appears_without_a_reload()
    {
        var page = Open("calendar?view=week&date=2025-03-12");
        await using (var db = await Db.CreateDbContextAsync())
        {
            var alice = await db.Hosts.FindAsync(Data.Alice);
            var intro = await db.EventTypes.FindAsync(Data.Intro);
            BookingData.Add(db, "live1", "Live one", new DateTime(2025, 3, 13, 9, 0, 0, DateTimeKind.Utc), BookingStatus.Accepted, intro, [alice!], ("Lena Live", "lena@client.test"));
            await db.SaveChangesAsync();
        }
        Feed.Publish(new CalAdmin.Web.Infrastructure.ChangeNotice(CalAdmin.Web.Infrastructure.ChangeNotice.Bookings, ["live1"]));

        page.WaitForAssertion(() => Assert.Contains(ItemsOn(page, "2025-03-13"), t => t.Contains("Lena Live")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void In_utc_the_same_booking_moves_to_the_previous_day()
    {
        var page = Open("calendar?view=week&date=2025-03-12&tz=UTC");

        Assert.Contains("23:30 Intro call\nHans", ItemsOn(page, "2025-03-10"));
        Assert.DoesNotContain(ItemsOn(page, "2025-03-11"), t => t.Contains("Hans"));
    }

    [Fact]
    public void Host_lanes_show_one_lane_per_host_by_staff_name()
    {
        var page = Open("calendar?view=week&date=2025-03-12&lanes=true");

        var lanes = page.FindAll("[data-testid=lane]");
        Assert.Equal(2, lanes.Count);
        Assert.Equal("Alice Staff", lanes[0].TextContent.Trim());
        Assert.StartsWith("Bob Cal", lanes[1].TextContent.Trim());
        Assert.NotNull(lanes[1].QuerySelector("[data-testid=unmapped]"));
        var aliceTuesday = page.Find("[data-testid=host-lanes]").Children
            .SkipWhile(c => c != lanes[0]).Skip(2).First(); // lane name, Monday, Tuesday
        Assert.Equal("2025-03-11", aliceTuesday.GetAttribute("data-day"));
        Assert.Contains("Anna Meyer", aliceTuesday.TextContent);
        Assert.Contains("Hans", aliceTuesday.TextContent);
    }

    [Fact]
    public void The_day_view_shows_one_day_and_steps_to_the_next()
    {
        var page = Open("calendar?view=day&date=2025-03-11");
        Assert.Equal(["2025-03-11"], page.FindAll(".cal-day").Select(d => d.GetAttribute("data-day")));
        Assert.Equal(2, page.FindAll(".cal-item").Count); // Late intro, Intro with Anna

        page.Find("button[data-testid=next]").Click();
        page.WaitForAssertion(() => Assert.Equal("Wednesday 12 March 2025", page.Find("[data-testid=range-title]").TextContent));
        Assert.Contains("date=2025-03-12", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void Go_to_date_is_drawn_without_a_date_picker_until_used_and_then_moves_the_view()
    {
        // Issue 16 (memory per open page): a MudDatePicker is a dozen components an open calendar would keep.
        var page = Open("calendar?view=week&date=2025-03-12");
        var field = page.Find("input[data-testid=go-to-date]");
        Assert.Equal("2025-03-12", field.GetAttribute("value"));
        Assert.Equal("dialog", field.GetAttribute("aria-haspopup"));
        Assert.Empty(page.FindComponents<MudBlazor.MudDatePicker>());

        field.Click();

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudBlazor.MudDatePicker>()));
        var picker = page.FindComponent<MudBlazor.MudDatePicker>();
        page.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(new DateTime(2025, 3, 19)));
        page.WaitForAssertion(() => Assert.Equal("17 Mar – 23 Mar 2025", page.Find("[data-testid=range-title]").TextContent));
        Assert.Contains("date=2025-03-19", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void The_month_view_shows_six_weeks_from_monday()
    {
        var month = Open("calendar?view=month&date=2025-03-12");
        Assert.Equal(42, month.FindAll(".cal-month-cell").Count); // Mon 24 Feb to Sun 6 Apr
        var gina = month.Find(".cal-month-cell[data-day='2025-03-15'] a.cal-chip");
        Assert.Equal(("bookings/b8", "10:00 Consultation", "Gina"), (gina.GetAttribute("href"), gina.Children[0].TextContent, gina.Children[1].TextContent));
    }

    [Fact]
    public async Task An_attendee_named_as_markup_is_shown_as_text_in_the_calendar()
    {
        await Data.AddXssBookingAsync(Db);
        var page = Open("calendar?view=week&date=2025-03-12");

        var item = Assert.Single(page.FindAll(".cal-day[data-day='2025-03-12'] .cal-item"), a => a.GetAttribute("href") == "bookings/xss");
        Assert.Contains(BookingData.Xss, item.TextContent);
        Assert.Empty(page.FindAll(".cal-item img, .cal-item b"));
    }

    [Fact]
    public void Overlapping_bookings_share_the_column_width()
    {
        CalendarItem Item(string uid, int hour, int minutes) => new(uid, uid, BookingData.Utc(10, hour), BookingData.Utc(10, hour).AddMinutes(minutes), BookingStatus.Accepted, 501, "Intro call", null, []);
        var grid = CalendarLayout.Grid([new DateOnly(2025, 3, 10)], [Item("a", 9, 60), Item("b", 9, 30), Item("c", 9, 30).With(30), Item("d", 11, 30)], TimeZoneInfo.Utc);

        var placed = grid.Days[0].Items.ToDictionary(p => p.Item.Uid);
        Assert.Equal((0, 24), (grid.FirstHour, grid.LastHour)); // the whole day; the page opens it on the business's hours
        Assert.Equal((0, 2), (placed["a"].Column, placed["a"].Columns));
        Assert.Equal((1, 2), (placed["b"].Column, placed["b"].Columns));
        Assert.Equal((1, 2), (placed["c"].Column, placed["c"].Columns)); // 09:30, after b ended
        Assert.Equal((0, 1), (placed["d"].Column, placed["d"].Columns));
        Assert.Equal(37.5, placed["a"].TopPct, 3);      // 09:00 of 24 hours
        Assert.Equal(100.0 / 24, placed["a"].HeightPct, 3); // one hour of 24
    }

    [Fact]
    public void A_week_of_2000_bookings_shows_each_booking_or_counts_it_in_a_more_box()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(BookingData.Zone);
        var range = CalendarRange.For(CalendarView.Week, new DateOnly(2025, 3, 12), zone);
        var items = Enumerable.Range(0, 2000).Select(i => new CalendarItem($"u{i}", $"Booking {i}", range.FromUtc.AddMinutes(i * 5 % (7 * 24 * 60)),
            range.FromUtc.AddMinutes(i * 5 % (7 * 24 * 60) + 30), BookingStatus.Accepted, 500 + i % 7, $"Type {i % 7}", $"Attendee {i}", [1 + i % 20])).ToList();

        var grid = CalendarLayout.Grid(range.Days, items, zone);
        var rendered = Render<CalendarTimeGrid>(p => p.Add(x => x.Grid, grid).Add(x => x.MoreUrl, d => $"calendar?view=day&date={d:yyyy-MM-dd}"));

        // Six overlapping bookings at a time need six columns; a week day has room for four, so three show and the
        // rest of each hour is one "+N more" box in the fourth column, linking to the day.
        var drawn = rendered.FindAll(".cal-item").Count;
        var more = rendered.FindAll(".cal-more");
        Assert.NotEmpty(more);
        Assert.All(more, m => Assert.StartsWith("calendar?view=day&date=", m.GetAttribute("href")));
        Assert.All(grid.Days.SelectMany(d => d.Items), p => Assert.True(p.Column < 3 || p.Columns <= 4));
        // Bookings that cross midnight are drawn (or counted) on both days.
        var crossing = items.Count(i => BookingTime.LocalDay(i.StartUtc, zone) != BookingTime.LocalDay(i.EndUtc.AddTicks(-1), zone));
        Assert.Equal(2000 + crossing, drawn + more.Sum(m => int.Parse(m.GetAttribute("data-count")!)));
        Assert.Equal((2000 + crossing).ToString(), rendered.Find("[data-testid='time-grid']").GetAttribute("data-total"));
    }

    [Fact]
    public void A_quiet_day_collapses_nothing()
    {
        CalendarItem Item(string uid, int hour) => new(uid, uid, BookingData.Utc(10, hour), BookingData.Utc(10, hour).AddMinutes(60), BookingStatus.Accepted, 501, "Intro call", null, []);
        var grid = CalendarLayout.Grid([new DateOnly(2025, 3, 10)], [Item("a", 9), Item("b", 9), Item("c", 9), Item("d", 9)], TimeZoneInfo.Utc, maxColumns: 4);

        Assert.Empty(grid.Days[0].Overflow);
        Assert.Equal(4, grid.Days[0].Items.Count);
    }

    [Fact]
    public void A_busy_hour_keeps_three_columns_and_counts_the_rest()
    {
        CalendarItem Item(string uid, int hour) => new(uid, uid, BookingData.Utc(10, hour), BookingData.Utc(10, hour).AddMinutes(60), BookingStatus.Accepted, 501, "Intro call", null, []);
        var grid = CalendarLayout.Grid([new DateOnly(2025, 3, 10)], [.. Enumerable.Range(0, 7).Select(i => Item($"b{i}", 9)), Item("late", 14)], TimeZoneInfo.Utc, maxColumns: 4);

        var day = grid.Days[0];
        Assert.Equal(3, day.Items.Count(p => p.Item.Uid.StartsWith('b')));
        Assert.Contains(day.Items, p => p.Item.Uid == "late" && p.Columns == 1);
        var marker = Assert.Single(day.Overflow);
        Assert.Equal((9, 4, 3, 4), (marker.Hour, marker.Count, marker.Column, marker.Columns));
        Assert.Equal(8, day.Total);
    }
}

internal static class CalendarItemTestExtensions
{
    public static CalendarItem With(this CalendarItem item, int startOffsetMinutes) =>
        item with { StartUtc = item.StartUtc.AddMinutes(startOffsetMinutes), EndUtc = item.EndUtc.AddMinutes(startOffsetMinutes) };
}
