using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Live;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Bookings;

/// <summary>
/// /bookings as the browser gets it from the real host: rendered on the server per request, with two interactive
/// islands, and the dark-mode switch its layout posts to.
/// </summary>
public sealed class BookingsPageOverHttpTests(BookingDataHost host) : IClassFixture<BookingDataHost>
{
    private readonly CalAdminFactory factory = host.Factory;
    private readonly IDbContextFactory<AppDbContext> db = host.Db;
    private readonly BookingData data = host.Data;

    private async Task<(HttpClient Client, string Email)> SignedInAsync(string role = Roles.Staff)
    {
        var (email, password) = await factory.CreateUserAsync(role);
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await CalAdminFactory.SignInAsync(client, email, password)).StatusCode);
        return (client, email);
    }

    [Fact]
    public async Task Signed_out_the_list_sends_you_to_sign_in()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/bookings?status=all");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_list_arrives_rendered_with_its_rows_and_only_its_two_islands_are_interactive()
    {
        await data.AddXssBookingAsync(db);
        var (client, _) = await SignedInAsync();

        var html = await client.GetStringAsync("/bookings?status=all&q=xss");

        Assert.Single(Regex.Matches(html, "<tr class=\"mud-table-row booking-row row-link"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain(BookingData.Xss, html);
        // The live-reload and new-booking islands are the page's only server components: the list itself keeps no circuit.
        Assert.Equal(2, Regex.Matches(html, "\"type\":\"server\"").Count);
    }

    [Fact]
    public async Task A_live_patch_draws_the_grid_exactly_as_the_page_does()
    {
        var (client, _) = await SignedInAsync();
        const string url = "/bookings?status=all&tz=America/New_York&sort=title&size=50";

        var page = await client.GetStringAsync(url);
        var view = BookingsView.Parse(new Uri("http://x" + url).Query, BookingData.Zone);
        var read = await factory.Services.GetRequiredService<BookingChangeScope>().ListAfterAsync(new ChangeNotice(ChangeNotice.Bookings, []), view);

        var drawn = Grid(read.Value.Html);
        Assert.Contains("data-view=\"" + view.Key.Replace("&", "&amp;") + "\"", drawn);
        Assert.Contains("?tz=America%2FNew_York", drawn); // the rows' links keep the list's zone
        Assert.Equal(Grid(page), drawn);
    }

    /// <summary>The grid's markup in a page (or a patch), without the ids MudChip draws afresh each time.</summary>
    private static string Grid(string html)
    {
        var start = html.IndexOf("<div class=\"bookings-view\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no grid");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var pagerEnd = html.IndexOf("data-testid=\"pager\"", end, StringComparison.Ordinal);
        var close = html.IndexOf("</div></div></div>", pagerEnd, StringComparison.Ordinal);
        return Regex.Replace(html[start..close], "chip-container-[0-9a-f-]+", "chip-container");
    }

    [Fact]
    public async Task The_time_zone_ids_are_not_in_the_page_but_answered_by_their_own_address_to_a_signed_in_user()
    {
        var (client, _) = await SignedInAsync();

        var html = await client.GetStringAsync("/bookings?status=all");
        var zones = await client.GetAsync("/time-zones");
        var signedOut = await factory.CreateBrowserClient().GetAsync("/time-zones");

        Assert.Contains("<datalist id=\"time-zone-ids\" data-permanent=\"time-zone-ids\" data-src=\"time-zones\"></datalist>", html);
        Assert.DoesNotContain("<option value=\"Europe/Berlin\">", html);
        Assert.Equal(HttpStatusCode.OK, zones.StatusCode);
        Assert.True(zones.Headers.CacheControl is { Private: true, MaxAge.TotalHours: 24 }, zones.Headers.CacheControl?.ToString());
        var ids = await zones.Content.ReadFromJsonAsync<string[]>();
        Assert.Contains("Europe/Berlin", ids!);
        Assert.Contains("UTC", ids!);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/Account/Login", signedOut.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_dark_mode_switch_saves_the_choice_and_returns_to_the_page()
    {
        var (client, email) = await SignedInAsync();
        var page = await client.GetStringAsync("/bookings?status=all");
        Assert.Contains("Switch to dark mode", page);
        var token = CalAdminFactory.HiddenInputs(page)["__RequestVerificationToken"];

        var response = await client.PostAsync("/preferences/dark-mode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["dark"] = "true", ["returnUrl"] = "/bookings?status=all",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/bookings?status=all", response.Headers.Location!.ToString());
        await using (var context = await db.CreateDbContextAsync())
            Assert.True(await context.Users.Where(u => u.Email == email).Select(u => u.PrefersDarkMode).SingleAsync());
        Assert.Contains("Switch to light mode", await client.GetStringAsync("/bookings?status=all"));
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task The_dark_mode_switch_returns_only_into_the_app(string returnUrl)
    {
        var (client, _) = await SignedInAsync();
        var token = CalAdminFactory.HiddenInputs(await client.GetStringAsync("/bookings"))["__RequestVerificationToken"];

        var response = await client.PostAsync("/preferences/dark-mode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["dark"] = "false", ["returnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_dark_mode_switch_refuses_a_post_without_its_token_or_with_a_bad_value()
    {
        var (client, email) = await SignedInAsync();
        var token = CalAdminFactory.HiddenInputs(await client.GetStringAsync("/bookings"))["__RequestVerificationToken"];

        var noToken = await client.PostAsync("/preferences/dark-mode", new FormUrlEncodedContent(new Dictionary<string, string> { ["dark"] = "true" }));
        var badValue = await client.PostAsync("/preferences/dark-mode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["dark"] = "maybe",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);
        Assert.Contains("'dark' must be true or false", await badValue.Content.ReadAsStringAsync());
        await using var context = await db.CreateDbContextAsync();
        Assert.Null(await context.Users.Where(u => u.Email == email).Select(u => u.PrefersDarkMode).SingleAsync());
    }
}
