using System.Net;
using System.Text.RegularExpressions;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Outcomes;
using CalAdmin.Web.Features.Bookings.Notes;
using CalAdmin.Web.Features.Users;

namespace CalAdmin.Tests.DaySheet;

/// <summary>BookingData + DeskData, shared by the day-sheet tests (they only read).</summary>
public sealed class DaySheetDataHost : IAsyncLifetime
{
    public CalAdminFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Factory, var db, _) = await BookingData.StartAsync(shared: true);
        await DeskData.AddAsync(db);
        await using var ctx = await db.CreateDbContextAsync();
        var d1 = ctx.Bookings.Single(b => b.Uid == "d1");
        d1.ResponsesJson = $$"""{"notes":"{{BookingData.Xss.Replace("\"", "\\\"")}}"}""";
        var d3 = ctx.Bookings.Single(b => b.Uid == "d3");
        ctx.BookingNotes.Add(new BookingNote { BookingId = d3.Id, Text = "Late by 10 min <b>bold</b>", Author = "desk@example.com", CreatedAt = d3.StartUtc.AddDays(-1) });
        await ctx.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>/day-sheet as the real host renders it (Monday 10 March 2025 in Berlin).</summary>
public sealed class DaySheetOverHttpTests(DaySheetDataHost host) : IClassFixture<DaySheetDataHost>
{
    private async Task<HttpClient> SignedInAsync()
    {
        var (email, password) = await host.Factory.CreateUserAsync(Roles.Staff);
        var client = host.Factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await CalAdminFactory.SignInAsync(client, email, password)).StatusCode);
        return client;
    }

    private static string[] Uids(string html) => Regex.Matches(html, "data-testid=\"day-sheet-line\" data-uid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();

    private static string[] HostNames(string html) =>
        Regex.Matches(html, "data-testid=\"day-sheet-host-name\"[^>]*>([^<]+)<").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split(" · ")[0]).ToArray();

    [Fact]
    public async Task Every_host_of_the_day_gets_a_section_with_their_bookings_in_order()
    {
        var client = await SignedInAsync();

        var html = await client.GetStringAsync("/day-sheet?date=2025-03-10&tz=Europe/Berlin");

        // Alice (mapped to "Alice Staff"): d1 09:00, d3 10:00, b10 23:30; Bob: d2 15:00. b9 is 00:30 on the 11th.
        Assert.Equal(["Alice Staff", "Bob Cal"], HostNames(html));
        Assert.Equal(["d1", "d3", "b10", "d2"], Uids(html));
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("+49 30 1234567", text);
        Assert.Contains("Bring the X-rays", text);
        Assert.Contains("https://meet.example.com/kim", text);
        Assert.Contains("break-before: page", html);
        // The booker's answers are text, never markup.
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain(BookingData.Xss, html);
        // Internal notes are printed with their author, as text.
        Assert.Contains("Late by 10 min &lt;b&gt;bold&lt;/b&gt;", html);
        Assert.Contains("desk@example.com", text);
    }

    [Fact]
    public async Task One_host_and_another_zone()
    {
        var client = await SignedInAsync();
        var bob = Regex.Match(await client.GetStringAsync("/day-sheet?date=2025-03-10"), "<option value=\"(\\d+)\"[^>]*>Bob Cal").Groups[1].Value;

        Assert.Equal(["d2"], Uids(await client.GetStringAsync($"/day-sheet?date=2025-03-10&host={bob}")));
        // In New York the 10th runs to 04:00 UTC on the 11th: Alice's b9 (23:30 UTC) is on it.
        Assert.Equal(["d1", "d3", "b10", "b9", "d2"], Uids(await client.GetStringAsync("/day-sheet?date=2025-03-10&tz=America/New_York")));
    }

    [Fact]
    public async Task A_bad_date_or_host_is_named_and_today_or_all_hosts_shown()
    {
        var client = await SignedInAsync();

        var response = await client.GetAsync("/day-sheet?date=10.03.2025&host=abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("'10.03.2025' is not a day (yyyy-MM-dd): showing today.", html);
        Assert.Contains("There is no host 'abc': showing all hosts.", html);
    }

    [Fact]
    public async Task Signed_out_it_sends_you_to_sign_in()
    {
        var response = await host.Factory.CreateBrowserClient().GetAsync("/day-sheet");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
