using System.Net;
using System.Text.Json;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Insights;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Insights;

/// <summary>GET /exports/insights.csv and the page's access, over HTTP against the real host on a real SQLite file.</summary>
public sealed class InsightsExportTests : IAsyncLifetime
{
    private const string Header = "group,created,held,completed,cancelled,rescheduled,declined,no_show_host,no_show_attendee,reassigned_away";

    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private InsightsData data = null!;

    public async Task InitializeAsync() => (factory, db, data) = await InsightsData.StartAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var (email, password) = await factory.CreateUserAsync(role);
        var client = factory.CreateBrowserClient();
        var signIn = await CalAdminFactory.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static string[] Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task By_host_every_column_is_the_hand_counted_value()
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=host&tz=America%2FLos_Angeles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("insights-2025-03-10-to-2025-03-16-by-host.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal([
            Header,
            // created c2 c7; held c1 c2; completed c1 (meeting ended) c2 (by time); cancelled c5; attendee no-show c1; away r2.
            "Ann Cal,2,2,2,1,0,0,0,1,1",
            // created c2 c6 c9; held c2; completed c2; declined c6; no-show c2 (Ben absent); away c1.
            "Ben Cal,3,1,1,0,0,1,1,0,1",
            // created c3; held c3 r2 (neither ended); rescheduled r0 r1; the chain's new bookings are not "created".
            "Cy Cal,1,2,0,0,2,0,0,0,0",
            // created c4; held and completed c4; the organizer's no-show.
            "Dee Cal,1,1,1,0,0,0,1,0,0",
        ], Lines(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task By_department_a_collective_booking_of_two_colleagues_counts_once()
    {
        var client = await SignedInAsync(Roles.Admin);

        var department = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=department"));
        var staff = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=staff"));
        var eventType = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=eventType"));

        Assert.Equal([
            Header,
            "(not mapped to staff),1,1,1,0,0,0,1,0,0",
            // Ann and Ben: c2 is held once, its no-show once; created c2 c6 c7 c9.
            "Sales,4,2,2,1,0,1,1,1,2",
            "Support,1,2,0,0,2,0,0,0,0",
        ], department);
        Assert.Equal([Header, "(not mapped to staff),1,1,1,0,0,0,1,0,0", "Ann Staff,2,2,2,1,0,0,0,1,1", "Ben Staff,3,1,1,0,0,1,1,0,1", "Cy Staff,1,2,0,0,2,0,0,0,0"], staff);
        Assert.Equal([Header, "Consult,5,4,2,1,2,1,1,1,2", "Team,1,1,1,0,0,0,1,0,0"], eventType);
    }

    [Fact]
    public async Task The_period_is_in_the_zone_asked_for()
    {
        var client = await SignedInAsync(Roles.Manager);

        // 10–16 March in UTC: c8 (10 Mar 06:30 UTC) comes in, c3 (17 Mar 03:00 UTC) goes out.
        var utc = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=eventType&tz=UTC"));

        // created c3 c4 c6 c7 c9; held c1 c4 c8 r2, all but r2 ended; attendee no-shows c1 c8; away c1 only (r2 moved on 17 Mar UTC).
        Assert.Equal("Consult,5,4,3,1,2,1,1,2,1", utc[1]);
    }

    [Fact]
    public async Task Filters_narrow_the_rows()
    {
        var client = await SignedInAsync(Roles.Manager);

        var sales = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=staff&department=Sales"));
        var team = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&eventType={data.Team}"));

        Assert.Equal([Header, "Ann Staff,2,2,2,1,0,0,0,1,1", "Ben Staff,3,1,1,0,0,1,1,0,1"], sales);
        Assert.Equal([Header, "Ann Cal,1,1,1,0,0,0,0,0,0", "Ben Cal,1,1,1,0,0,0,1,0,0"], team);
    }

    [Fact]
    public async Task A_formula_like_department_is_made_safe_for_spreadsheets()
    {
        await using (var context = await db.CreateDbContextAsync())
        {
            var staff = await context.Staff.SingleAsync(s => s.Name == "Cy Staff");
            staff.Department = "=HYPERLINK(\"http://evil\";\"x\")";
            await context.SaveChangesAsync();
        }
        var client = await SignedInAsync(Roles.Manager);

        var csv = Lines(await client.GetStringAsync($"/exports/insights.csv?{InsightsData.Period}&groupBy=department"));

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\",1,2,0,0,2,0,0,0,0", csv);
    }

    [Theory]
    [InlineData("from=2025-03-10&to=2025-02-30", "'to' must be a date written yyyy-MM-dd")]
    [InlineData("from=2025-03-10", "'to' is missing")]
    [InlineData("from=2025-03-16&to=2025-03-10", "'from' (2025-03-16) is after 'to' (2025-03-10)")]
    [InlineData("from=2025-03-10&to=2025-03-16&groupBy=room", "'groupBy' must be host, staff, department or eventType")]
    [InlineData("from=2025-03-10&to=2025-03-16&tz=Mars%2FBase", "'tz' must be an IANA time zone")]
    [InlineData("from=2025-03-10&to=2025-03-16&host=-1", "'host' must be a positive whole number")]
    public async Task Bad_parameters_get_400_with_a_problem_that_names_them(string queryString, string message)
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync("/exports/insights.csv?" + queryString);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Staff_get_403_from_the_export_and_are_refused_the_page()
    {
        var client = await SignedInAsync(Roles.Staff);

        var export = await client.GetAsync($"/exports/insights.csv?{InsightsData.Period}");
        var page = await client.GetAsync("/insights");

        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain("Ann Cal", await export.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/AccessDenied", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in()
    {
        var client = factory.CreateBrowserClient();

        foreach (var path in new[] { "/insights", $"/exports/insights.csv?{InsightsData.Period}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Managers_open_the_page()
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync($"/insights?{InsightsData.Period}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Insights", await response.Content.ReadAsStringAsync());
    }
}
