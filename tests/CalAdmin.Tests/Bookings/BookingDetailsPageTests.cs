using Bunit;
using CalAdmin.Web.Features.Bookings;

namespace CalAdmin.Tests.Bookings;

public sealed class BookingDetailsPageTests : BookingPagesContext
{
    private IRenderedComponent<BookingDetailsPage> Open(string uid)
    {
        var page = RenderPage<BookingDetailsPage>(p => p.Add(x => x.Uid, uid));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        return page;
    }

    [Fact]
    public void Hosts_show_mapped_staff_names_and_flag_unmapped_cal_com_users()
    {
        var page = Open("b2");

        var hosts = page.FindAll("[data-testid=host-line]");
        Assert.Equal(2, hosts.Count);
        Assert.Contains("Alice Staff", hosts[0].TextContent);
        Assert.Contains("organizer", hosts[0].TextContent);
        Assert.Empty(hosts[0].QuerySelectorAll("[data-testid=unmapped]"));
        Assert.Contains("Bob Cal", hosts[1].TextContent);
        Assert.NotNull(hosts[1].QuerySelector("[data-testid=unmapped]"));
        Assert.Contains("Consultation", page.Find("[data-testid=event-type]").TextContent);
        Assert.Contains("collective", page.Find("[data-testid=event-type]").TextContent);
    }

    [Fact]
    public async Task Details_show_times_in_both_zones_no_shows_the_reschedule_chain_and_the_timeline()
    {
        await Data.AddHistoryAsync(Db);
        var page = Open("b1");

        Assert.Equal("Intro with Anna", page.Find("[data-testid=booking-title]").TextContent.Trim());
        Assert.Contains("Tue 11 Mar 2025, 10:00–10:30", page.Find("[data-testid=when]").TextContent);          // Berlin
        Assert.Contains("Tue 11 Mar 2025, 05:00–05:30", page.Find("[data-testid=attendee-when]").TextContent); // New York
        var attendee = page.Find("[data-testid=attendee-line]");
        Assert.Contains("Anna Meyer", attendee.TextContent);
        Assert.NotNull(attendee.QuerySelector("[data-testid=no-show]"));
        Assert.Equal("bookings/b0", page.Find("[data-testid=rescheduled-from]").GetAttribute("href"));
        Assert.Equal("bookings/b11", page.Find("[data-testid=rescheduled-to]").GetAttribute("href"));

        // Only the http(s) meeting URL is a link; the javascript: location stays text.
        var location = page.Find("[data-testid=location]");
        Assert.Equal(["https://meet.example.com/abc"], location.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Contains("javascript:alert(3)", location.TextContent);

        var timeline = page.FindAll("[data-testid=timeline-entry]").Select(e => e.TextContent).ToList();
        Assert.Equal(3, timeline.Count);
        Assert.Contains("Cal.com webhook BOOKING_CREATED", timeline[0]);
        Assert.Contains("Applied", timeline[0]);
        Assert.Contains("booking.cancel-requested", timeline[1]);
        Assert.Contains("by office@biz.test", timeline[1]);
        Assert.Contains("Reassigned from Bob Cal (unmapped) to Alice Staff", timeline[2]);
        Assert.Contains("reason: Bob is ill", timeline[2]);
        Assert.Contains("done in CalAdmin", timeline[2]);
    }

    [Fact]
    public void A_link_from_the_list_in_another_zone_shows_the_times_in_that_zone_and_leads_back_in_it()
    {
        GoTo("bookings/b1?tz=America/New_York");
        var page = Open("b1");

        Assert.Contains("Tue 11 Mar 2025, 05:00–05:30", page.Find("[data-testid=when]").TextContent);
        Assert.Equal("bookings?tz=America%2FNew_York", page.FindAll("a").First(a => a.TextContent.Trim() == "Bookings").GetAttribute("href"));
    }

    [Fact]
    public void An_unknown_uid_says_so()
    {
        var page = Open("no-such-booking");

        Assert.Contains("No booking with the id “no-such-booking”", page.Find("[data-testid=not-found]").TextContent);
    }

    [Fact]
    public async Task Attendee_names_and_responses_that_look_like_markup_are_shown_as_text()
    {
        await Data.AddXssBookingAsync(Db);
        var page = Open("xss");

        Assert.Equal(BookingData.Xss, page.Find("[data-testid=attendee-name]").TextContent);
        Assert.Equal("Call about <b>bold</b>", page.Find("[data-testid=booking-title]").TextContent.Trim());
        var responses = page.FindAll("[data-testid=response]").Select(r => r.TextContent).ToList();
        Assert.Contains($"Name: {BookingData.Xss}", responses);
        Assert.Contains("Notes: <script>alert(2)</script>", responses);
        Assert.Empty(page.FindAll("img"));
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("[data-testid=booking-title] b"));
    }

    [Fact]
    public void Responses_json_becomes_label_value_lines()
    {
        var lines = BookingResponses.Parse("""{"attendeePhoneNumber":"+49 1","location":{"value":"inPerson","optionValue":"Main St 1"},"guests":["a@x","b@x"],"rescheduleReason":null,"agree":true}""");

        Assert.Equal([
            new ResponseLine("Attendee phone number", "+49 1"),
            new ResponseLine("Location", "inPerson, Option value: Main St 1"),
            new ResponseLine("Guests", "a@x, b@x"),
            new ResponseLine("Agree", "Yes"),
        ], lines);
        Assert.Equal([new ResponseLine("Responses", "not json <b>")], BookingResponses.Parse("not json <b>"));
    }
}
