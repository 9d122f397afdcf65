using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Bookings;

/// <summary>GET /exports/bookings.csv over HTTP against the real host.</summary>
public sealed class BookingExportTests : IAsyncLifetime
{
    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private BookingData data = null!;

    public async Task InitializeAsync() => (factory, db, data) = await BookingData.StartAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<HttpClient> SignedInAsync()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Manager);
        var client = factory.CreateBrowserClient();
        var signIn = await CalAdminFactory.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static string[] Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task The_export_holds_exactly_the_filtered_rows_with_utc_iso_times()
    {
        var client = await SignedInAsync();

        var response = await client.GetAsync($"/exports/bookings.csv?status=all&host={data.Bob}&q=example&tz=Europe%2FBerlin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^bookings-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.Equal([
            "uid,status,start_utc,end_utc,title,event_type,hosts,attendees,notes",
            "b2,Pending,2025-03-12T10:00:00Z,2025-03-12T10:30:00Z,Consultation with Ben,Consultation,\"Alice Staff; Bob Cal (unmapped)\",Ben Kurz <ben@EXAMPLE.org>,",
            "b3,Accepted,2025-03-09T09:00:00Z,2025-03-09T09:30:00Z,Intro with Clara,Intro call,Bob Cal (unmapped),Clara <clara@example.com>,",
        ], Lines(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Date_filters_use_the_zone_in_the_link()
    {
        var client = await SignedInAsync();

        var berlin = Lines(await client.GetStringAsync("/exports/bookings.csv?status=all&from=2025-03-11&to=2025-03-11&sort=start&tz=Europe%2FBerlin"));
        var utc = Lines(await client.GetStringAsync("/exports/bookings.csv?status=all&from=2025-03-11&to=2025-03-11&tz=UTC"));

        Assert.Equal(["b9", "b1"], berlin.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(["b1"], utc.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Cells_are_safe_for_spreadsheets_and_quoted()
    {
        await using (var ctx = await db.CreateDbContextAsync())
        {
            var bob = await ctx.Hosts.FindAsync(data.Bob);
            BookingData.Add(ctx, "formula", "=HYPERLINK(\"http://evil\",\"x\")", BookingData.Utc(20, 9), BookingStatus.Accepted, null, [bob!],
                ("+cmd", "f1@formula.test"), ("-2+3", "f2@formula.test"), ("@SUM(1)", "f3@formula.test"));
            BookingData.Add(ctx, "formula2", "\tTabbed, with comma\r\nand newline", BookingData.Utc(21, 9), BookingStatus.Accepted, null, [bob!], ("@x", "f4@formula.test"));
            await ctx.SaveChangesAsync();
        }
        await data.AddXssBookingAsync(db);
        var client = await SignedInAsync();

        var csv = (await client.GetStringAsync("/exports/bookings.csv?status=all&sort=start")).TrimStart('\uFEFF');

        Assert.Contains("\r\nformula,Accepted,2025-03-20T09:00:00Z,2025-03-20T09:30:00Z,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,Bob Cal (unmapped),\"'+cmd <f1@formula.test>; -2+3 <f2@formula.test>; @SUM(1) <f3@formula.test>\",\r\n", csv);
        Assert.Contains("\r\nformula2,Accepted,2025-03-21T09:00:00Z,2025-03-21T09:30:00Z,\"'\tTabbed, with comma\r\nand newline\",,Bob Cal (unmapped),'@x <f4@formula.test>,\r\n", csv);
        Assert.Contains($",Intro call,Bob Cal (unmapped),{BookingData.Xss} <xss@x.test>,\r\n", csv);
    }

    [Fact]
    public void Cell_rules()
    {
        Assert.Equal("plain", BookingExport.Cell("plain"));
        Assert.Equal("'=1+1", BookingExport.Cell("=1+1"));
        Assert.Equal("'-1", BookingExport.Cell("-1"));
        Assert.Equal("\"'\r=x\"", BookingExport.Cell("\r=x"));
        Assert.Equal("\"a \"\"b\"\", c\"", BookingExport.Cell("a \"b\", c"));
        Assert.Equal("", BookingExport.Cell(""));
        // Semicolon locales split at ';': the cell is quoted so it stays one cell there too.
        Assert.Equal("\"Ann; Bob\"", BookingExport.Cell("Ann; Bob"));
    }

    [Fact]
    public async Task Anonymous_requests_are_sent_to_sign_in_and_get_no_data()
    {
        var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/exports/bookings.csv?status=all");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("b1", body);
        Assert.DoesNotContain("Anna", body);
    }

    [Fact]
    public async Task The_pages_are_served_to_signed_in_users()
    {
        var client = await SignedInAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/bookings?status=all")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/bookings/b1")).StatusCode);
    }

    [Fact]
    public async Task An_export_writes_one_audit_row_with_the_user_the_filter_and_the_row_count()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Manager);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        var csv = await client.GetStringAsync($"/exports/bookings.csv?status=all&host={data.Bob}&q=example&tz=Europe%2FBerlin");

        Assert.Equal(3, Lines(csv).Length);
        await using var read = await db.CreateDbContextAsync();
        var audit = Assert.Single(await read.AuditEntries.Where(a => a.Action == "export").ToListAsync());
        Assert.Equal(email, audit.UserName);
        Assert.Equal("bookings.csv", audit.EntityId);
        using var after = System.Text.Json.JsonDocument.Parse(audit.After!);
        Assert.Equal(2, after.RootElement.GetProperty("rows").GetInt32());
        Assert.True(after.RootElement.GetProperty("completed").GetBoolean());
        var filter = after.RootElement.GetProperty("filter").GetString()!;
        Assert.Contains($"host={data.Bob}", filter);
        Assert.Contains("q=example", filter);
    }
}
