using Bunit;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using HomePage = CalAdmin.Web.Features.Home.Home;

using CalAdmin.Tests.Reassignments;

namespace CalAdmin.Tests.Home;

/// <summary>The manager's section of the home page over ReassignmentData ("now" is Saturday 15 March 2025, 13:00 in Berlin).</summary>
public sealed class HomeManagerTests : ReassignmentPagesContext
{
    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Admin)]
    public void Managers_and_admins_see_reassignments_the_most_reassigned_away_and_unmapped_hosts_with_bookings(string role)
    {
        SignedInAs(role);
        var page = RenderPage<HomePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=manager-overview] [data-testid=reassignments-week]")), Wait);
        // This week is Mon 10 – Sun 16 March in Berlin: r3 (11th), r4 (12th), r5 (13th), r8 (15th 01:30) = 4.
        Assert.Equal("4", page.Find("[data-testid=reassignments-week] .figure-value").TextContent);
        // The last 30 days (14 Feb – 15 Mar) hold every row: away Ann r1 r2 r4 r7 = 4, Ben r3 r8 r9 = 3, Cy r5 = 1.
        var away = page.FindAll("[data-testid=away-host]");
        Assert.Equal(["Ann Staff 4", "Ben Staff 3", "Cy Cal 1"], away.Select(a => $"{a.QuerySelector("[data-testid=host]")!.TextContent.Replace("unmapped", "").Trim()} {a.QuerySelector("[data-testid=count]")!.TextContent.Trim()}"));
        Assert.Equal($"/reassignments?host={Data.Ann}", away[0].QuerySelector("a")!.GetAttribute("href"));
        // Upcoming live bookings of hosts without staff: Cy u1 u2 = 2, Finn u5 = 1 (Eve's u3 is cancelled; Ann is mapped).
        var unmapped = page.FindAll("[data-testid=unmapped-host]");
        Assert.Equal(["Cy Cal 2", "Finn Cal 1"], unmapped.Select(u => $"{u.QuerySelector("a")!.TextContent.Trim()} {u.QuerySelector("[data-testid=count]")!.TextContent.Trim()}"));
        Assert.Equal($"/hosts/{Data.Cy}", unmapped[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(role == Roles.Admin, unmapped[0].QuerySelectorAll("a").Any(a => a.GetAttribute("href") == "/mappings"));
    }

    [Fact]
    public void Staff_do_not_see_the_managers_section()
    {
        SignedInAs(Roles.Staff);
        var page = RenderPage<HomePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=bookings-today]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=manager-overview]"));
        Assert.DoesNotContain("Reassignments this week", page.Markup);
    }

    [Fact]
    public async Task A_reassignment_this_week_updates_the_open_home_page()
    {
        SignedInAs(Roles.Manager);
        var page = RenderPage<HomePage>();
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=reassignments-week] .figure-value").TextContent), Wait);

        await AddReassignmentAsync("u1", Data.Cy, Data.Ann, ReassignmentData.Utc(3, 15, 11), "Cy is away");
        Feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["u1"]));

        page.WaitForAssertion(() => Assert.Equal("5", page.Find("[data-testid=reassignments-week] .figure-value").TextContent), Wait);
        // Cy's away count rises from 1 to 2.
        page.WaitForAssertion(() => Assert.Equal("2", page.FindAll("[data-testid=away-host]")[2].QuerySelector("[data-testid=count]")!.TextContent.Trim()), Wait);
    }
}
