using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Sandbox;
using CalAdmin.Web.Features.Calendar;

namespace CalAdmin.Tests.Calendar;

/// <summary>The calendar's "now" line as the clock moves (BookingData's now: Monday 10 March 2025, 13:00 in Berlin).</summary>
public sealed class NowLineTests : BookingPagesContext
{
    private readonly TimerClock clock = new(BookingData.Now);

    public NowLineTests() => Clock = clock;

    [Fact]
    public void The_now_line_moves_with_the_clock_without_drawing_the_grid_again_and_turns_with_the_day()
    {
        GoTo("calendar?view=week&date=2025-03-12");
        var week = RenderPage<CalendarPage>();
        week.WaitForAssertion(() => Assert.Equal("Now, 13:00", week.Find("[data-testid=now-line]").TextContent.Trim()));
        // The grid is drawn again only when the page is, and so are the filters beside it (a component's render count
        // here counts its children's renders too, so the grid's own would count the line's).
        var filters = week.FindComponent<CalendarFilters>();
        var renders = filters.RenderCount;

        clock.Advance(TimeSpan.FromMinutes(30));
        week.WaitForAssertion(() => Assert.Equal("Now, 13:30", week.Find("[data-testid=now-line]").TextContent.Trim()));
        // 810 of 1440 minutes.
        Assert.Equal("top:56.25%", week.Find("[data-testid=now-line]").GetAttribute("style"));
        Assert.Equal(renders, filters.RenderCount);

        // 00:05 on Tuesday in Berlin: the line and today's column move to Tuesday.
        clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(35));
        week.WaitForAssertion(() =>
        {
            var line = week.Find("[data-testid=now-line]");
            Assert.Equal("2025-03-11", line.ParentElement!.GetAttribute("data-day"));
            Assert.Equal("Now, 00:05", line.TextContent.Trim());
        });
        Assert.Equal("Tue 11 Mar", week.Find(".cal-dayhead.today").TextContent);
    }
}
