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

    [Fact]
    public void The_upcoming_tab_lists_upcoming_bookings_with_staff_names_and_times_in_the_business_zone()
    {
        GoTo("bookings");
        var page = RenderPage<BookingsPage>();

        page.WaitForAssertion(() => Assert.Equal(["Evening intro", "Late intro", "Intro with Anna", "Consultation with Ben", "Consultation with Gina"], Titles(page)));
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
        var page = RenderPage<BookingsPage>();

        page.WaitForAssertion(() => Assert.Equal("1–5 of 5", page.Find("[data-testid=page-info]").TextContent.Trim()));
        Assert.All(page.FindAll("[data-testid=pager] button"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Equal("25", page.Find("[data-testid=page-size]").GetAttribute("value"));
        Assert.Equal("true", page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Upcoming").GetAttribute("aria-selected"));
    }

    [Fact]
    public void The_pickers_are_drawn_lean_until_first_used_and_then_work_as_MudBlazors()
    {
        GoTo($"bookings?status=all&host={Data.Bob}");
        var popovers = Render<MudPopoverProvider>();
        var page = Render<BookingsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Titles(page)));

        // Closed, no MudBlazor picker exists, and each field shows its label and current value.
        Assert.Empty(page.FindComponents<MudSelect<int?>>());
        Assert.Empty(page.FindComponents<MudAutocomplete<string>>());
        Assert.Empty(page.FindComponents<MudDateRangePicker>());
        Assert.StartsWith("Bob Cal", page.Find("input[data-testid=host-filter]").GetAttribute("value"));
        Assert.Equal("All event types", page.Find("input[data-testid=event-type-filter]").GetAttribute("value"));
        Assert.Equal(BookingData.Zone, page.Find("input[data-testid=time-zone]").GetAttribute("value"));

        page.Find("input[data-testid=event-type-filter]").Click();

        // The real select takes its place, open; choosing filters the list.
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudSelect<int?>>()));
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "Consultation"));
        popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "Consultation").Click();
        page.WaitForAssertion(() => Assert.Contains($"eventType={Data.Consultation}", Services.GetRequiredService<NavigationManager>().Uri));
        page.WaitForAssertion(() => Assert.Equal(["Consultation with Ben", "Consultation with Eve", "Consultation with Gina"], Titles(page).Order().ToArray()));
    }

    [Fact]
    public void Clicking_a_tab_filters_and_puts_the_tab_in_the_url()
    {
        GoTo("bookings");
        var page = RenderPage<BookingsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, Titles(page).Length));

        var cancelled = page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Cancelled");
        Assert.Equal("bookings?status=cancelled", cancelled.GetAttribute("href")); // a link too: it opens in a new tab
        cancelled.Click();

        page.WaitForAssertion(() => Assert.Equal(["Intro moved", "Consultation with Eve", "Intro with Fritz"], Titles(page)));
        Assert.EndsWith("bookings?status=cancelled", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Contains("status=cancelled", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void A_link_with_filters_reproduces_the_view_and_the_export_uses_the_same_filters()
    {
        GoTo($"bookings?status=all&host={Data.Bob}&q=example");
        var page = RenderPage<BookingsPage>();

        page.WaitForAssertion(() => Assert.Equal(["Consultation with Ben", "Intro with Clara"], Titles(page)));
        var export = page.Find("[data-testid=export-csv]").GetAttribute("href");
        Assert.Equal($"/exports/bookings.csv?status=all&host={Data.Bob}&q=example&tz=Europe%2FBerlin", export);
    }

    [Fact]
    public void An_empty_result_explains_why()
    {
        GoTo("bookings?status=all&q=nobody-at-all");
        var page = RenderPage<BookingsPage>();

        page.WaitForAssertion(() => Assert.Contains("No bookings match these filters", page.Find("[data-testid=empty-state]").TextContent));
    }

    [Fact]
    public void A_row_click_opens_the_booking()
    {
        GoTo("bookings?status=unconfirmed");
        var page = RenderPage<BookingsPage>();
        page.WaitForAssertion(() => Assert.Equal(["Consultation with Ben"], Titles(page)));

        page.Find("tr.booking-row td").Click();

        Assert.EndsWith("/bookings/b2", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_booking_change_from_the_feed_refreshes_the_open_list()
    {
        GoTo("bookings?status=unconfirmed");
        var page = RenderPage<BookingsPage>();
        page.WaitForAssertion(() => Assert.Single(Titles(page)));

        await using (var db = await Db.CreateDbContextAsync())
        {
            var eventType = await db.EventTypes.FindAsync(Data.Intro);
            var bob = await db.Hosts.FindAsync(Data.Bob);
            BookingData.Add(db, "new", "Fresh pending", BookingData.Utc(20, 9), BookingStatus.Pending, eventType, [bob!], ("Zed", "zed@x.test"));
            await db.SaveChangesAsync();
        }
        Feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["new"]));

        page.WaitForAssertion(() => Assert.Equal(["Consultation with Ben", "Fresh pending"], Titles(page)));
    }

    [Fact]
    public async Task An_attendee_named_as_markup_is_shown_as_text()
    {
        await Data.AddXssBookingAsync(Db);
        GoTo("bookings?status=all&q=xss");
        var page = RenderPage<BookingsPage>();

        page.WaitForAssertion(() => Assert.Contains(BookingData.Xss, page.Find("td.booking-attendees").TextContent));
        Assert.Empty(page.FindAll("tr.booking-row img"));
        Assert.Empty(page.FindAll("tr.booking-row b"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page.Markup);
    }
}
