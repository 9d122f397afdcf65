using Bunit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CalAdmin.Tests.Bookings;

public sealed class BookingsPageTests : BookingPagesContext
{
    private static string[] Titles(IRenderedComponent<BookingsPage> page) =>
        page.FindAll("a.booking-title").Select(a => a.TextContent.Trim()).ToArray();

    /// <summary>The page at the current URL once its query has run: it shows a count, or says why it has none.</summary>
    private IRenderedComponent<BookingsPage> RenderList()
    {
        // The page is rendered without a circuit, and so are its islands' first renders.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var page = Render<BookingsPage>();
        page.WaitForState(() => page.FindAll("[data-testid=page-info]").Any(e => e.TextContent.Trim() != "0 of 0")
                                || page.FindAll("[data-testid=empty-state]").Any(e => e.TextContent.Trim().Length > 0));
        return page;
    }

    [Fact]
    public void The_upcoming_tab_lists_upcoming_bookings_with_staff_names_and_times_in_the_business_zone()
    {
        GoTo("bookings");
        var page = RenderList();

        Assert.Equal(["Evening intro", "Late intro", "Intro with Anna", "Consultation with Ben", "Consultation with Gina"], Titles(page));
        var ben = page.FindAll("tr.booking-row")[3];
        Assert.Contains("Wed 12 Mar 2025, 11:00–11:30", ben.TextContent); // 10:00 UTC is 11:00 in Berlin
        Assert.Contains("Alice Staff", ben.TextContent);
        Assert.Contains("Bob Cal", ben.TextContent);
        Assert.Single(ben.QuerySelectorAll("[data-testid=unmapped]"));
        Assert.Contains("Unconfirmed", ben.QuerySelector(".booking-status")!.TextContent);
    }

    [Fact]
    public void The_pager_counts_the_rows_and_offers_no_page_beyond_them()
    {
        GoTo("bookings");
        var page = RenderList();

        Assert.Equal("1–5 of 5", page.Find("[data-testid=page-info]").TextContent.Trim());
        Assert.Equal(4, page.FindAll("[data-testid=pager] button[disabled]").Count);
        Assert.Empty(page.FindAll("[data-testid=pager] a"));
        Assert.Equal("25", page.Find("[data-testid=page-size] option[selected]").GetAttribute("value"));
        Assert.Equal("true", page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Upcoming").GetAttribute("aria-selected"));
    }

    [Fact]
    public void A_page_beyond_the_end_shows_the_last_page()
    {
        GoTo("bookings?status=all");
        var all = Titles(RenderList());
        GoTo("bookings?status=all&page=40");
        var page = RenderList();

        Assert.Equal(all, Titles(page));
        Assert.Equal($"1–{all.Length} of {all.Length}", page.Find("[data-testid=page-info]").TextContent.Trim());
    }

    [Fact]
    public void The_filters_are_a_form_that_carries_the_current_view()
    {
        GoTo($"bookings?status=all&host={Data.Bob}&q=example&sort=-title");
        var page = RenderList();

        var form = page.Find("form[data-testid=booking-filters]");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("bookings", form.GetAttribute("action"));
        // A submit reproduces the tab and the order, and the fields show the filters.
        Assert.Equal("all", form.QuerySelector("input[name=status]")!.GetAttribute("value"));
        Assert.Equal("-title", form.QuerySelector("input[name=sort]")!.GetAttribute("value"));
        Assert.Equal("example", page.Find("input[name=q]").GetAttribute("value"));
        Assert.StartsWith("Bob Cal", page.Find("select[name=host] option[selected]").TextContent);
        Assert.Equal("All event types", page.Find("select[name=eventType] option[selected]").TextContent);
        Assert.Equal("Any status", page.Find("select[name=bookingStatus] option[selected]").TextContent);
        Assert.Contains(page.FindAll("select[name=eventType] option"), o => o.TextContent == "Consultation" && o.GetAttribute("value") == Data.Consultation.ToString());
        // The time zone and the page size are fields of the same form.
        Assert.Equal(BookingData.Zone, page.Find("input[name=tz]").GetAttribute("value"));
        Assert.Equal(BookingFilterForm.FormId, page.Find("input[name=tz]").GetAttribute("form"));
        Assert.Equal(BookingFilterForm.FormId, page.Find("select[name=size]").GetAttribute("form"));
        Assert.Equal($"bookings?status=all", page.Find("[data-testid=clear-filters]").GetAttribute("href"));
    }

    [Fact]
    public void An_unknown_time_zone_in_the_url_is_named_and_the_business_zone_shown()
    {
        GoTo("bookings?status=all&tz=Mars/Base");
        var page = RenderList();

        Assert.Contains("Unknown time zone 'Mars/Base'", page.Find(".mud-input-helper-text").TextContent);
        Assert.Equal(BookingData.Zone, page.Find("input[name=tz]").GetAttribute("value"));
        Assert.NotEmpty(Titles(page));
    }

    [Fact]
    public void Each_tab_is_a_link_to_its_view()
    {
        GoTo("bookings");
        var page = RenderList();
        Assert.Equal(5, Titles(page).Length);

        var cancelled = page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Cancelled");
        Assert.Equal("bookings?status=cancelled", cancelled.GetAttribute("href"));

        GoTo(cancelled.GetAttribute("href")!);
        page = RenderList();
        Assert.Equal(["Intro moved", "Consultation with Eve", "Intro with Fritz"], Titles(page));
        Assert.Contains("status=cancelled", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void A_column_header_sorts_by_its_column_and_a_second_click_reverses_it()
    {
        GoTo("bookings?status=upcoming");
        var page = RenderList();

        var byTitle = page.Find("a[data-testid=sort-title]").GetAttribute("href")!;
        Assert.Equal("bookings?status=upcoming&sort=title", byTitle);
        GoTo(byTitle);
        page = RenderList();
        var titles = Titles(page);
        Assert.Equal(titles.Order(StringComparer.Ordinal).ToArray(), titles);
        Assert.Equal("ascending", page.Find("a[data-testid=sort-title]").GetAttribute("data-sort"));

        GoTo(page.Find("a[data-testid=sort-title]").GetAttribute("href")!);
        page = RenderList();
        Assert.Equal(titles.Reverse().ToArray(), Titles(page));
    }

    [Fact]
    public void A_link_with_filters_reproduces_the_view_and_the_export_uses_the_same_filters()
    {
        GoTo($"bookings?status=all&host={Data.Bob}&q=example");
        var page = RenderList();

        page.WaitForAssertion(() => Assert.Equal(["Consultation with Ben", "Intro with Clara"], Titles(page)));
        var export = page.Find("[data-testid=export-csv]").GetAttribute("href");
        Assert.Equal($"/exports/bookings.csv?status=all&host={Data.Bob}&q=example&tz=Europe%2FBerlin", export);
    }

    [Fact]
    public void An_empty_result_explains_why()
    {
        GoTo("bookings?status=all&q=nobody-at-all");
        var page = RenderList();

        page.WaitForAssertion(() => Assert.Contains("No bookings match these filters", page.Find("[data-testid=empty-state]").TextContent));
    }

    [Fact]
    public void A_row_leads_to_the_booking()
    {
        GoTo("bookings?status=unconfirmed");
        var page = RenderList();

        // app.js follows a row's a.row-link-target when the row (tr.row-link) is clicked anywhere.
        var row = page.Find("tr.booking-row");
        Assert.Contains("row-link", row.ClassList);
        Assert.Equal("bookings/b2", row.QuerySelector("a.row-link-target")!.GetAttribute("href"));
    }

    [Fact]
    public void In_another_zone_a_row_leads_to_the_booking_in_that_zone()
    {
        GoTo("bookings?status=unconfirmed&tz=America/New_York");
        var page = RenderList();

        Assert.Equal("bookings/b2?tz=America%2FNew_York", page.Find("a.row-link-target").GetAttribute("href"));
        Assert.Contains("Wed 12 Mar 2025, 06:00–06:30", page.Find("td.booking-when").TextContent); // 10:00 UTC
    }

    [Fact]
    public async Task An_attendee_named_as_markup_is_shown_as_text()
    {
        await Data.AddXssBookingAsync(Db);
        GoTo("bookings?status=all&q=xss");
        var page = RenderList();

        page.WaitForAssertion(() => Assert.Contains(BookingData.Xss, page.Find("td.booking-attendees").TextContent));
        Assert.Empty(page.FindAll("tr.booking-row img"));
        Assert.Empty(page.FindAll("tr.booking-row b"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page.Markup);
    }
}
