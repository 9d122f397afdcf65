using Bunit;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Reassignments;

public sealed class ReassignmentPagesTests : ReassignmentPagesContext
{
    private static string[] Reasons(IRenderedComponent<ReassignmentsPage> page) =>
        page.FindAll("tr.reassignment-row [data-testid=reason]").Select(e => e.TextContent.Trim()).ToArray();

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public void The_history_lists_every_change_newest_first_with_staff_names_and_times_in_the_viewers_zone()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments");
        var page = RenderPage<ReassignmentsPage>();

        page.WaitForAssertion(() => Assert.Equal(9, page.FindAll("tr.reassignment-row").Count), Wait);
        Assert.Equal(["After the period", "Cy on leave", "Found by reconciliation", "—", "—", "Round robin", ReassignmentData.Formula, "—", "Before the period"], Reasons(page));
        var first = page.FindAll("tr.reassignment-row")[0];
        Assert.Equal("Sat 15 Mar 2025, 01:30", first.QuerySelector("[data-testid=when]")!.TextContent); // 00:30 UTC is 01:30 in Berlin
        Assert.Equal("/bookings/t1", first.QuerySelector("[data-testid=booking]")!.GetAttribute("href"));
        Assert.Equal("Team meeting t1", first.QuerySelector("[data-testid=booking]")!.TextContent.Trim());
        Assert.Equal("Team meeting", first.QuerySelector("[data-testid=event-type]")!.TextContent);
        Assert.Contains("Ben Staff", first.QuerySelector("[data-testid=from]")!.TextContent);
        Assert.Null(first.QuerySelector("[data-testid=from] [data-testid=unmapped]"));
        Assert.Contains("Cy Cal", first.QuerySelector("[data-testid=to]")!.TextContent);
        Assert.NotNull(first.QuerySelector("[data-testid=to] [data-testid=unmapped]"));
        Assert.Equal("CalAdmin", first.QuerySelector("[data-testid=source]")!.TextContent.Trim());
        Assert.Equal("boss@biz.test", first.QuerySelector("[data-testid=by]")!.TextContent);
        var unknownFrom = page.FindAll("tr.reassignment-row")[4];
        Assert.Contains("not known", unknownFrom.QuerySelector("[data-testid=from]")!.TextContent);
        Assert.Equal("Cal.com webhook", unknownFrom.QuerySelector("[data-testid=source]")!.TextContent.Trim());
        Assert.Equal("/exports/reassignments.csv?tz=Europe%2FBerlin", page.Find("[data-testid=download-csv]").GetAttribute("href"));
        Assert.Equal("/reassignments/fairness", page.Find("[data-testid=tab-fairness]").GetAttribute("href"));
        Assert.Equal("true", page.Find("[data-testid=tab-history]").GetAttribute("aria-selected"));
    }

    [Fact]
    public void A_link_with_filters_reproduces_the_view_and_the_download_uses_the_same_filters()
    {
        SignedInAs(Roles.Admin);
        GoTo($"reassignments?host={Data.Cy}&from=2025-03-01&to=2025-03-14");
        var page = RenderPage<ReassignmentsPage>();

        page.WaitForAssertion(() => Assert.Equal(["Cy on leave", "Round robin", "—"], Reasons(page)), Wait);
        Assert.Equal($"/exports/reassignments.csv?from=2025-03-01&to=2025-03-14&host={Data.Cy}&tz=Europe%2FBerlin",
            page.Find("[data-testid=download-csv]").GetAttribute("href"));
    }

    [Fact]
    public async Task Changing_a_filter_re_queries_and_puts_it_in_the_url()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments");
        var page = RenderPage<ReassignmentsPage>();
        page.WaitForAssertion(() => Assert.Equal(9, Reasons(page).Length), Wait);
        var bar = page.FindComponent<ReassignmentFilterBar>();

        await page.InvokeAsync(() => bar.Instance.FilterChanged.InvokeAsync(bar.Instance.Filter with { Source = ReassignmentSource.Reconciliation }));

        page.WaitForAssertion(() => Assert.Equal(["Found by reconciliation", "—"], Reasons(page)), Wait);
        Assert.EndsWith("reassignments?source=reconciliation", Uri);
        Assert.Contains("source=reconciliation", page.Find("[data-testid=download-csv]").GetAttribute("href"));

        await page.InvokeAsync(() => bar.Instance.FilterChanged.InvokeAsync(bar.Instance.Filter with { StaffId = Data.AnnStaff }));

        page.WaitForAssertion(() => Assert.Equal(["Found by reconciliation"], Reasons(page)), Wait);
        Assert.EndsWith($"reassignments?staff={Data.AnnStaff}&source=reconciliation", Uri);
    }

    [Fact]
    public async Task A_reassignment_made_elsewhere_appears_without_reloading()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments");
        var page = RenderPage<ReassignmentsPage>();
        page.WaitForAssertion(() => Assert.Equal(9, Reasons(page).Length), Wait);

        await AddReassignmentAsync("d5", Data.Ben, Data.Cy, ReassignmentData.Utc(3, 15, 11), "Ben double-booked");
        Feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["d5"], "CalAdmin: booking 'Discovery d5' reassigned to Cy Cal"));

        page.WaitForAssertion(() => Assert.Equal("Ben double-booked", Reasons(page)[0]), Wait);
        Assert.Equal(10, Reasons(page).Length);
    }

    [Fact]
    public void A_link_with_a_bad_filter_says_so_and_shows_the_rest()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments?source=email&eventType=" + Data.TeamMeeting);
        var page = RenderPage<ReassignmentsPage>();

        page.WaitForAssertion(() => Assert.Equal(["After the period", "Before the period"], Reasons(page)), Wait);
        Assert.Contains("'source' must be", page.Find("[data-testid=filter-problem]").TextContent);
    }

    [Fact]
    public void No_match_explains_itself()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments?eventType=" + Data.Demo);
        var page = RenderPage<ReassignmentsPage>();

        page.WaitForAssertion(() => Assert.Contains("No reassignments match these filters", page.Find("[data-testid=empty-state]").TextContent), Wait);
    }

    [Fact]
    public void The_fairness_report_shows_the_period_the_legend_the_hosts_and_the_round_robin_shares()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments/fairness?from=2025-03-01&to=2025-03-14");
        var page = RenderPage<FairnessPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=fairness-hosts] tbody tr").Count), Wait);
        Assert.Contains("14 days", page.Find("[data-testid=period-text]").TextContent);
        Assert.Contains("Cancelled, declined and rescheduled-away bookings do not count", page.Find("[data-testid=fairness-legend]").TextContent);
        var ann = page.FindAll("[data-testid=fairness-hosts] tbody tr")[1];
        Assert.Contains("Ann Staff", ann.TextContent);
        Assert.Equal(["4", "3", "2", "-1"], new[] { "assigned", "away", "to", "net" }.Select(id => ann.QuerySelector($"[data-testid={id}]")!.TextContent.Trim()));
        var discovery = page.Find($"[data-testid=round-robin][data-event-type='{Data.Discovery}']");
        Assert.Contains("10 bookings in the period", discovery.TextContent);
        Assert.Equal(["30%", "40%", "20%", "10%"], discovery.QuerySelectorAll("[data-testid=actual]").Select(e => e.TextContent));
        Assert.Equal(["33.3%", "33.3%", "33.3%", "—"], discovery.QuerySelectorAll("[data-testid=expected]").Select(e => e.TextContent));
        Assert.Contains("highest", discovery.TextContent);
        // The page says what the expected share rests on, and shows no weight: Cal.com's API reports none.
        Assert.Contains("an equal share among the event type's round-robin (not fixed) hosts", page.Find("[data-testid=expected-basis]").TextContent);
        Assert.DoesNotContain("weight", discovery.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(page.Find("[data-testid=weekly-chart] svg"));
        Assert.NotNull(discovery.QuerySelector("svg"));
    }

    [Fact]
    public void The_fairness_report_defaults_to_the_last_30_days()
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments/fairness");
        var page = RenderPage<FairnessPage>();

        page.WaitForAssertion(() => Assert.Contains("Fri 14 Feb 2025 to Sat 15 Mar 2025 (30 days", page.Find("[data-testid=period-text]").TextContent), Wait);
    }

    [Theory]
    [InlineData("from=2025-03-14&to=2025-03-01", "is not two dates")]
    [InlineData("from=2025-03-01", "is not two dates")]
    [InlineData("from=2023-01-01&to=2025-03-01", "at most 366 days")]
    public void A_fairness_link_with_a_bad_period_says_so_and_shows_the_default(string query, string message)
    {
        SignedInAs(Roles.Manager);
        GoTo("reassignments/fairness?" + query);
        var page = RenderPage<FairnessPage>();

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=period-problem]").TextContent), Wait);
        Assert.Contains("(30 days", page.Find("[data-testid=period-text]").TextContent);
    }
}
