using System.Text;
using System.Text.RegularExpressions;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// The day sheet printed by Chromium: print styles leave no navigation, each host starts a new sheet, and every booking
/// of the day is on it. The day is a fixed date in the URL (the sheet never depends on today).
/// </summary>
public sealed class DaySheetPrintTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();
    private static readonly DateTime Day = new(2030, 6, 4, 0, 0, 0, DateTimeKind.Utc);
    private const string Url = "/day-sheet?date=2030-06-04&tz=UTC";

    // Ada has three bookings that day, Ben two; Ben's evening one the day before and a cancelled one are not on the sheet.
    private static readonly string[] AdaUids = ["ps-a1", "ps-a2", "ps-a3"];
    private static readonly string[] BenUids = ["ps-b1", "ps-b2"];

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = "UTC";
        host.Start();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var ada = new Host { CalComUserId = 90001, Name = "Ada Print", Email = "ada@print.test", NormalizedEmail = "ada@print.test", CreatedAt = now, UpdatedAt = now };
        var ben = new Host { CalComUserId = 90002, Name = "Ben Print", Email = "ben@print.test", NormalizedEmail = "ben@print.test", CreatedAt = now, UpdatedAt = now };
        db.Hosts.AddRange(ada, ben);
        Add(db, "ps-a1", 8, ada, BookingStatus.Accepted);
        Add(db, "ps-a2", 10, ada, BookingStatus.Pending);
        Add(db, "ps-a3", 15, ada, BookingStatus.Accepted);
        Add(db, "ps-b1", 9, ben, BookingStatus.Accepted);
        Add(db, "ps-b2", 13, ben, BookingStatus.Accepted);
        Add(db, "ps-b0", -2, ben, BookingStatus.Accepted);
        Add(db, "ps-bx", 11, ben, BookingStatus.Cancelled);
        await db.SaveChangesAsync();
    }

    private static void Add(AppDbContext db, string uid, int hour, Host host, BookingStatus status)
    {
        var start = Day.AddHours(hour);
        var booking = new Booking
        {
            Uid = uid, Title = $"Visit {uid}", StartUtc = start, EndUtc = start.AddMinutes(30), Status = status,
            CalComEventTypeTitle = "Check-up", CreatedAt = start, UpdatedAt = start,
            ResponsesJson = $$"""{"notes":"Answer of {{uid}}"}""",
        };
        booking.Hosts.Add(new BookingHost { Host = host, StartUtc = start });
        booking.Attendees.Add(new Attendee { Name = $"Guest {uid}", Email = $"{uid}@guest.test", PhoneNumber = "+1 555 0100" });
        db.Bookings.Add(booking);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    private async Task<IPage> SheetAsync(string url)
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, url).ToString());
        await page.WaitForCircuitAsync();
        return page;
    }

    /// <summary>
    /// The pages of a PDF (its /Type /Page objects, which Chromium writes uncompressed) and the
    /// link targets on each: the /URI of the annotations reached from the page, inline or by reference.
    /// </summary>
    private static List<List<string>> PagesWithLinks(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var objects = Regex.Matches(text, @"(?<!\d)(\d+) 0 obj(.*?)endobj", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var pages = new List<List<string>>();
        foreach (var (id, body) in objects.Where(o => Regex.IsMatch(o.Value, @"/Type\s*/Page(?!s)\b")))
        {
            var links = new List<string>();
            var seen = new HashSet<string> { id };
            var bodies = new List<string> { body };
            for (var depth = 0; depth < 3; depth++)
            {
                var next = new List<string>();
                foreach (var b in bodies)
                {
                    // Upward and sideways references (the page tree, an annotation's page, content streams) hold no links of this page.
                    var own = Regex.Replace(b, @"/(Parent|P|Contents|Resources|Font|XObject)\s+\d+ 0 R", "");
                    links.AddRange(Regex.Matches(own, @"/URI\s*\(([^)]*)\)").Select(m => m.Groups[1].Value));
                    foreach (Match r in Regex.Matches(own, @"(\d+) 0 R"))
                        if (seen.Add(r.Groups[1].Value) && objects.TryGetValue(r.Groups[1].Value, out var child) && !child.Contains("stream")) next.Add(child);
                }
                bodies = next;
            }
            pages.Add(links.Distinct().ToList());
        }
        return pages;
    }

    private static string[] UidsOn(List<string> links) =>
        links.Select(l => Regex.Match(l, @"/bookings/([^/?#]+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).Order().ToArray();

    [Fact]
    public async Task Printed_to_pdf_the_sheet_has_no_navigation_one_host_per_page_and_every_booking_of_the_day()
    {
        var page = await SheetAsync(Url);
        await Assertions.Expect(page.Locator("[data-testid='day-sheet-line']")).ToHaveCountAsync(5);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("day-sheet"), FullPage = true });

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid='day-sheet-form']")).ToBeHiddenAsync();
        foreach (var uid in AdaUids.Concat(BenUids))
            await Assertions.Expect(page.Locator($"[data-testid='day-sheet-line'][data-uid='{uid}']")).ToBeVisibleAsync();

        foreach (var format in new[] { "A4", "Letter" })
        {
            var pdf = await page.PdfAsync(new() { Format = format, PrintBackground = false });
            var pages = PagesWithLinks(pdf);
            // Two hosts, each on a sheet of their own, their bookings' links on it and nothing else (no navigation links).
            Assert.True(pages.Count == 2, $"{format}: {pages.Count} pages");
            var byPage = pages.Select(UidsOn).OrderBy(u => u.FirstOrDefault(), StringComparer.Ordinal).ToList();
            Assert.Equal(AdaUids, byPage[0]);
            Assert.Equal(BenUids, byPage[1]);
            Assert.All(pages.SelectMany(p => p), link => Assert.Contains("/bookings/", link));
        }
    }

    [Fact]
    public async Task One_host_prints_on_one_page()
    {
        var page = await SheetAsync(Url);
        var ben = await page.Locator("select[data-testid='sheet-host'] option:has-text('Ben Print')").GetAttributeAsync("value");
        await page.GotoAsync(new Uri(host.BaseAddress, $"{Url}&host={ben}").ToString());
        await Assertions.Expect(page.Locator("[data-testid='day-sheet-line']")).ToHaveCountAsync(2);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pages = PagesWithLinks(await page.PdfAsync(new() { Format = "A4" }));

        Assert.Single(pages);
        Assert.Equal(BenUids, UidsOn(pages[0]));
    }
}
