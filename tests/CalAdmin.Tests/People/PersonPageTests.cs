using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Web.Features.People;

namespace CalAdmin.Tests.People;

/// <summary>The person page over a hand-counted fixture (PeopleData), with the real MudBlazor components and SQLite.</summary>
public sealed class PersonPageTests : BookingPagesContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PeopleData.SeedAsync(Db);
    }

    private IRenderedComponent<PersonPage> Open(string? email = null, string? phone = null)
    {
        GoTo(email is not null ? "people?email=" + Uri.EscapeDataString(email) : "people?phone=" + Uri.EscapeDataString(phone!));
        var page = RenderPage<PersonPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        return page;
    }

    private static string Count(IRenderedComponent<PersonPage> page, string name) => page.Find($"[data-testid=count-{name}]").TextContent.Trim();

    private static string[] Uids(IRenderedComponent<PersonPage> page, string section) =>
        page.FindAll($"[data-testid=person-{section}] [data-testid=person-booking]").Select(r => r.GetAttribute("data-uid")!).ToArray();

    [Fact]
    public void By_email_it_lists_exactly_that_persons_bookings_in_any_letter_case_with_the_hand_counted_figures()
    {
        var page = Open(email: "Pat@Example.com");

        Assert.Equal("7", Count(page, "total"));
        Assert.Equal("2", Count(page, "upcoming"));
        Assert.Equal("2", Count(page, "past"));
        Assert.Equal("1", Count(page, "no-shows"));
        Assert.Equal("1", Count(page, "cancelled"));
        Assert.Equal("1", Count(page, "declined"));
        Assert.Equal("1", Count(page, "rescheduled"));
        Assert.Equal(["p3", "p8"], Uids(page, "upcoming"));
        Assert.Equal(["p2", "p1"], Uids(page, "past"));
        Assert.Equal(["p5", "p4", "p6"], Uids(page, "ended"));
        Assert.Single(page.FindAll("[data-uid=p1] [data-testid=no-show]"));
        Assert.Equal("Pat D., Pat Doe", page.Find("[data-testid=person-names]").TextContent);
        Assert.Contains(PeopleData.PatPhone, page.Find("[data-testid=person-phones]").TextContent);
    }

    [Fact]
    public void By_phone_it_lists_everyone_with_that_number_however_it_is_typed()
    {
        var page = Open(phone: "+49 151 0000-0001");

        Assert.Equal("3", Count(page, "total"));
        Assert.Equal("1", Count(page, "upcoming"));
        Assert.Equal("2", Count(page, "past"));
        Assert.Equal("1", Count(page, "no-shows"));
        Assert.Equal(["p3"], Uids(page, "upcoming"));
        Assert.Equal(["q1", "p1"], Uids(page, "past"));
        Assert.Equal("Pat Doe, Quinn", page.Find("[data-testid=person-names]").TextContent);
    }

    [Fact]
    public void An_unknown_email_says_so()
    {
        var page = Open(email: "nobody@example.com");
        Assert.Contains("nobody@example.com", page.Find("[data-testid=person-not-found]").TextContent);
    }

    [Fact]
    public void New_bookings_no_show_warning_appears_when_the_last_booking_that_took_place_was_missed()
    {
        var warning = Render<NoShowWarning>(p => p.Add(x => x.Email, PeopleData.Nora));
        warning.WaitForAssertion(() => Assert.Contains("did not show up last time", warning.Find("[data-testid=no-show-warning]").TextContent));
        Assert.Contains("Nora two", warning.Find("[data-testid=no-show-warning]").TextContent);

        // Pat missed p1, but came to p2 after it: no warning.
        var pat = Render<NoShowWarning>(p => p.Add(x => x.Email, PeopleData.Pat));
        var someone = Render<NoShowWarning>(p => p.Add(x => x.Email, "PAT@example.com"));
        pat.WaitForState(() => pat.Instance.CheckedEmail == PeopleData.Pat);
        someone.WaitForState(() => someone.Instance.CheckedEmail == "PAT@example.com");
        Assert.Empty(pat.FindAll("[data-testid=no-show-warning]"));
        Assert.Empty(someone.FindAll("[data-testid=no-show-warning]"));
    }
}
