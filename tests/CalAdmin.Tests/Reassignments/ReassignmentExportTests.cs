using System.Net;
using System.Text.Json;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Reassignments;

/// <summary>GET /exports/reassignments.csv over HTTP against the real host on a real SQLite file.</summary>
public sealed class ReassignmentExportTests(ReassignmentDataHost host) : IClassFixture<ReassignmentDataHost>
{
    private const string Header = "at,booking_uid,booking_title,event_type,from_host,from_staff,to_host,to_staff,reason,source,by";

    private readonly CalAdminFactory factory = host.Factory;
    private readonly IDbContextFactory<AppDbContext> db = host.Db;
    private readonly ReassignmentData data = host.Data;

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
    public async Task A_manager_gets_the_filtered_history_with_a_header_and_utc_times()
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync($"/exports/reassignments.csv?host={data.Cy}&sort=at");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^reassignments-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.Equal([
            Header,
            "2025-02-28T23:10:00Z,d1,Discovery d1,Discovery,Ben Cal,Ben Staff,Cy Cal,,,Reconciliation,",
            "2025-03-04T09:00:00Z,d1,Discovery d1,Discovery,Ann Cal,Ann Staff,Cy Cal,,Round robin,CalComWebhook,",
            "2025-03-13T09:00:00Z,n1,Call n1,,Cy Cal,,Eve Cal,,Cy on leave,CalAdmin,office@biz.test",
            "2025-03-15T00:30:00Z,t1,Team meeting t1,Team meeting,Ben Cal,Ben Staff,Cy Cal,,After the period,CalAdmin,boss@biz.test",
        ], Lines(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_formula_like_reason_is_made_safe_for_spreadsheets()
    {
        var client = await SignedInAsync(Roles.Admin);

        var csv = await client.GetStringAsync("/exports/reassignments.csv?source=CalAdmin&eventType=" + data.Discovery);

        Assert.StartsWith("\uFEFF", csv);
        Assert.Equal([
            Header,
            "2025-03-03T09:00:00Z,d1,Discovery d1,Discovery,Ann Cal,Ann Staff,Ben Cal,Ben Staff,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",CalAdmin,office@biz.test",
        ], Lines(csv));
    }

    [Fact]
    public async Task Dates_source_and_staff_filters_apply()
    {
        var client = await SignedInAsync(Roles.Manager);

        // 1–14 March in Berlin, reconciliation only: r9 (1 Mar 00:10 Berlin) and r4.
        var berlin = Lines(await client.GetStringAsync("/exports/reassignments.csv?from=2025-03-01&to=2025-03-14&source=RECONCILIATION&tz=Europe%2FBerlin"));
        // Same days in UTC: r9 (28 Feb 23:10 UTC) falls out.
        var utc = Lines(await client.GetStringAsync("/exports/reassignments.csv?from=2025-03-01&to=2025-03-14&source=reconciliation&tz=UTC"));
        var staff = Lines(await client.GetStringAsync($"/exports/reassignments.csv?staff={data.AnnStaff}&from=2025-03-11"));

        Assert.Equal(["2025-03-12T09:00:00Z", "2025-02-28T23:10:00Z"], berlin.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(["2025-03-12T09:00:00Z"], utc.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(["2025-03-12T09:00:00Z", "2025-03-11T09:00:00Z"], staff.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("host=abc", "'host' must be a positive whole number")]
    [InlineData("source=email", "'source' must be calcomwebhook, caladmin or reconciliation")]
    [InlineData("from=2025-02-30", "'from' must be a date written yyyy-MM-dd")]
    [InlineData("from=2025-03-05&to=2025-03-01", "'from' (2025-03-05) is after 'to' (2025-03-01)")]
    [InlineData("tz=Nowhere%2FLand", "'tz' must be an IANA time zone")]
    public async Task Bad_parameters_get_400_with_a_problem_that_names_them(string queryString, string message)
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync("/exports/reassignments.csv?" + queryString);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Staff_users_get_403_and_no_data()
    {
        var client = await SignedInAsync(Roles.Staff);

        var response = await client.GetAsync("/exports/reassignments.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Only managers and admins", body);
        Assert.DoesNotContain("Discovery", body);
    }

    [Fact]
    public async Task Anonymous_requests_are_sent_to_sign_in_as_for_the_bookings_export()
    {
        var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/exports/reassignments.csv");
        var bookings = await client.GetAsync("/exports/bookings.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
        Assert.Equal(bookings.StatusCode, response.StatusCode);
        Assert.DoesNotContain("Discovery", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Manager, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Staff, HttpStatusCode.Redirect)]
    public async Task The_pages_are_for_managers_and_admins(string role, HttpStatusCode expected)
    {
        var client = await SignedInAsync(role);

        foreach (var path in new[] { "/reassignments", "/reassignments/fairness" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Redirect) Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        }
    }
}
