using System.Text.RegularExpressions;
using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Web.Features.Calendar;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Calendar;

/// <summary>
/// The calendar as a working day, over BookingData: "now" is Monday 10 March 2025 12:00 UTC (13:00 in Berlin, the
/// business's zone), business hours are the default 08:00–18:00 unless a test sets them.
/// </summary>
public sealed class CalendarWorkingDayTests : BookingPagesContext
{
    private bool popoversRendered;

    /// <summary>The page at <paramref name="url"/>; a test may open several (the popover provider is rendered once).</summary>
    private IRenderedComponent<CalendarPage> Open(string url)
    {
        GoTo(url);
        var page = popoversRendered ? Render<CalendarPage>() : RenderPage<CalendarPage>();
        popoversRendered = true;
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=legend]")));
        return page;
    }

    private static string[] Uids(IRenderedComponent<CalendarPage> page, string selector = ".cal-item") =>
        page.FindAll(selector).Select(a => a.GetAttribute("href")!.Replace("bookings/", "")).Order(StringComparer.Ordinal).ToArray();

    private string Url => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public void The_day_opens_on_the_business_hours_and_keeps_the_rest_of_the_day_in_reach()
    {
        var page = Open("calendar?view=day&date=2025-03-11");

        var open = page.Find("[data-testid=business-hours]");
        Assert.Equal(("8", "18"), (open.GetAttribute("data-start"), open.GetAttribute("data-end")));
        // 08:00 is a third of the way down a 24-hour day, and the band is ten hours of it.
        Assert.Equal("top:33.333%;height:41.667%", open.GetAttribute("style"));
        var scroll = page.Find("[data-testid=hours-scroll]");
        Assert.Contains("--cal-open-hours:10", scroll.GetAttribute("style"));
        Assert.Equal("0", scroll.GetAttribute("tabindex"));
        Assert.Contains("business hours 08:00–18:00 first", scroll.GetAttribute("aria-label"));
        // The whole day is drawn: hours 00 to 23, and Hans's 00:30 booking before opening time is there to scroll (or Tab) to.
        Assert.Equal(24, page.FindAll(".cal-hours div").Count);
        Assert.Equal("00:00", page.FindAll(".cal-hours div")[0].TextContent);
        Assert.Contains(page.FindAll(".cal-item"), a => a.TextContent.StartsWith("00:30") && a.TextContent.Contains("Hans"));
    }

    [Fact]
    public void Business_hours_come_from_the_setting_and_are_shown_in_the_viewers_zone()
    {
        // The options singleton the page reads, set as CalAdmin:BusinessHours would (the context's services are sealed by now).
        var hours = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BusinessHoursOptions>>().Value;
        (hours.Start, hours.End) = ("09:00", "17:00");

        var berlin = Open("calendar?view=day&date=2025-03-11");
        var band = berlin.Find("[data-testid=business-hours]");
        Assert.Equal(("9", "17"), (band.GetAttribute("data-start"), band.GetAttribute("data-end")));

        // The same hours are 08:00–16:00 for a viewer in UTC (Berlin is UTC+1 in March).
        var utc = Open("calendar?view=day&date=2025-03-11&tz=UTC");
        var utcBand = utc.Find("[data-testid=business-hours]");
        Assert.Equal(("8", "16"), (utcBand.GetAttribute("data-start"), utcBand.GetAttribute("data-end")));
    }

    [Theory]
    [InlineData("09:00", "09:00", "must be after")]
    [InlineData("8", "18:00", "CalAdmin:BusinessHours:Start must be a whole hour")]
    [InlineData("08:30", "18:00", "CalAdmin:BusinessHours:Start must be a whole hour")]
    [InlineData("08:00", "25:00", "CalAdmin:BusinessHours:End must be a whole hour")]
    public void A_wrong_business_hours_setting_is_named(string start, string end, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CalAdmin:BusinessHours:Start"] = start,
            ["CalAdmin:BusinessHours:End"] = end,
        }).Build();

        Assert.Contains(BusinessHoursOptions.Validate(config), e => e.Contains(message));
    }

    [Fact]
    public void The_now_line_sits_at_the_clocks_time_on_today_only()
    {
        var week = Open("calendar?view=week&date=2025-03-12");

        var line = Assert.Single(week.FindAll("[data-testid=now-line]"));
        Assert.Equal("2025-03-10", line.ParentElement!.GetAttribute("data-day"));
        // 13:00 in Berlin: 780 of 1440 minutes.
        Assert.Equal("top:54.167%", line.GetAttribute("style"));
        Assert.Equal("Now, 13:00", line.TextContent.Trim());

        var utc = Open("calendar?view=week&date=2025-03-12&tz=UTC");
        Assert.Equal("top:50%", utc.Find("[data-testid=now-line]").GetAttribute("style"));

        var nextWeek = Open("calendar?view=week&date=2025-03-19");
        Assert.Empty(nextWeek.FindAll("[data-testid=now-line]"));
    }

    [Fact]
    public void The_host_filter_is_in_the_url_and_keeps_that_hosts_bookings()
    {
        var all = Open("calendar?view=week&date=2025-03-12");
        Assert.Equal(["b1", "b10", "b2", "b8", "b9"], Uids(all));

        all.Find("select[data-testid=host-filter]").Change(Data.Bob.ToString());

        all.WaitForAssertion(() => Assert.Equal(["b2", "b8"], Uids(all)));
        Assert.Contains($"host={Data.Bob}", Url);
        Assert.Equal(["Consultation"], all.FindAll("[data-testid=legend] > span").Select(s => s.TextContent.Trim()));

        // The address alone gives the same view, in lanes too.
        var lanes = Open($"calendar?view=week&date=2025-03-12&lanes=true&host={Data.Bob}");
        Assert.Equal(["b2", "b2", "b8"], Uids(lanes, ".cal-chip")); // b2 has two hosts: one chip in each lane
    }

    [Fact]
    public void The_event_type_filter_combines_with_the_host_and_clears()
    {
        var page = Open("calendar?view=week&date=2025-03-12&eventType=501");
        Assert.Equal(["b1", "b10", "b9"], Uids(page));

        // Bob's only intro call (b3) is in the week before.
        page.Find("select[data-testid=host-filter]").Change(Data.Bob.ToString());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".cal-item")));
        Assert.Contains("No confirmed or pending bookings match the filters", page.Find("[data-testid=empty-state]").TextContent);
        Assert.Matches(new Regex("eventType=501"), Url);

        page.Find("[data-testid=clear-filters]").Click();
        page.WaitForAssertion(() => Assert.Equal(["b1", "b10", "b2", "b8", "b9"], Uids(page)));
        Assert.DoesNotContain("host=", Url);
        Assert.DoesNotContain("eventType=", Url);
    }

    [Fact]
    public void Each_booking_block_names_its_attendee_once()
    {
        var week = Open("calendar?view=week&date=2025-03-12");
        var anna = week.Find(".cal-item[href='bookings/b1']");
        Assert.Equal("10:00 Intro call\nAnna Meyer", anna.TextContent);
        // Neither the tooltip (read out as a description) nor the text repeats the attendee.
        Assert.Equal("10:00–10:30", anna.GetAttribute("title"));
        Assert.All(week.FindAll(".cal-item"), a => Assert.Equal(1, Regex.Matches(a.OuterHtml, "Anna Meyer|Ben Kurz|Gina|Hans|Ida").Count));

        var lanes = Open("calendar?view=week&date=2025-03-12&lanes=true");
        var chip = lanes.FindAll(".cal-chip[href='bookings/b1']").Single();
        Assert.Equal(1, Regex.Matches(chip.OuterHtml, "Anna Meyer").Count);
        Assert.Equal(["10:00 Intro call", "Anna Meyer"], chip.Children.Select(c => c.TextContent));
    }
}
