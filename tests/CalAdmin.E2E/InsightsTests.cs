using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Insights;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// Issue 20: a manager opens /insights, picks a department and a period, sees the cards, the trend and the ranking
/// change, and downloads the CSV of what the page shows. The business is in Pacific/Auckland; the data is made relative
/// to the test clock's today there.
/// </summary>
public sealed class InsightsTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Zone = "Pacific/Auckland";
    private readonly DashboardHost host = new();
    private DateOnly today;

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = Zone;
        host.Start();
        today = BookingTime.LocalDay(host.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(Zone));
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    /// <summary>
    /// Sales (Sam): 3 held bookings in the last 7 days, 1 cancelled 10 days ago. Support (Sue): 1 held in the last 7 days,
    /// 2 held 20 days ago. All at 10:00 in Auckland.
    /// </summary>
    private async Task SeedAsync()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        Host NewHost(int id, string name) => new() { CalComUserId = id, Name = name, Email = $"{id}@cal.e2e", NormalizedEmail = $"{id}@cal.e2e", CreatedAt = now, UpdatedAt = now };
        var (sam, sue) = (NewHost(9101, "Sam Cal"), NewHost(9102, "Sue Cal"));
        var samStaff = new StaffMember { Name = "Sam Staff", Email = "sam@biz.e2e", NormalizedEmail = "sam@biz.e2e", Department = "Sales", CreatedAt = now, UpdatedAt = now };
        var sueStaff = new StaffMember { Name = "Sue Staff", Email = "sue@biz.e2e", NormalizedEmail = "sue@biz.e2e", Department = "Support", CreatedAt = now, UpdatedAt = now };
        var type = new EventType { CalComId = 9201, Title = "E2E consult", LengthMinutes = 30, UpdatedAt = now };
        db.AddRange(sam, sue, samStaff, sueStaff, type);
        await db.SaveChangesAsync();
        db.StaffMappings.AddRange(
            new StaffMapping { StaffId = samStaff.Id, ExternalId = "9101", CreatedAt = now, UpdatedAt = now },
            new StaffMapping { StaffId = sueStaff.Id, ExternalId = "9102", CreatedAt = now, UpdatedAt = now });
        var n = 0;
        void Add(Host h, int daysAgo, BookingStatus status)
        {
            var start = BookingTime.StartOfDayUtc(today.AddDays(-daysAgo), zone).AddHours(10);
            var booking = new Booking
            {
                Uid = $"e2e-insights-{++n}", Title = "E2E consult", StartUtc = start, EndUtc = start.AddMinutes(30), Status = status, EventType = type,
                CalComCreatedAt = start.AddDays(-2), CreatedAt = now, UpdatedAt = now,
            };
            booking.Hosts.Add(new BookingHost { Host = h, StartUtc = start });
            booking.Attendees.Add(new Attendee { Name = "Guest", Email = $"guest{n}@e2e.local" });
            db.Bookings.Add(booking);
        }
        foreach (var days in new[] { 1, 2, 3 }) Add(sam, days, BookingStatus.Accepted);
        Add(sam, 10, BookingStatus.Cancelled);
        Add(sue, 4, BookingStatus.Accepted);
        Add(sue, 20, BookingStatus.Accepted);
        Add(sue, 21, BookingStatus.Accepted);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_manager_picks_a_department_and_a_period_sees_the_figures_change_and_downloads_them()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Manager);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.SignInAsync(host.BaseAddress, email, password);
        await page.GotoAsync(new Uri(host.BaseAddress, "/insights").ToString());
        await page.WaitForCircuitAsync();

        // The last 30 days, everyone: 6 held, 1 cancelled; Sue Staff is the most booked.
        var held = page.Locator("[data-testid='kpi-held'] [data-testid='value']");
        await Assertions.Expect(held).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("[data-testid='kpi-cancelled'] [data-testid='value']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid='trend-table'] tbody tr")).ToHaveCountAsync(30);

        // The Sales department, grouped by staff member.
        await page.Locator("[data-testid='department']").SelectOptionAsync("Sales");
        await Assertions.Expect(held).ToHaveTextAsync("3");
        await page.Locator("[data-testid='group-by']").SelectOptionAsync(nameof(InsightsGrouping.Staff));
        await Assertions.Expect(page.Locator("[data-testid='ranking-most-booked'] [data-testid='ranking-group']").First).ToHaveTextAsync("Sam Staff");
        Assert.Contains("department=Sales", page.Url);

        // The last 7 days: the cancelled booking (10 days ago) drops out, the trend has 7 days.
        await page.Locator("[data-testid='from']").FillAsync(today.AddDays(-6).ToString("yyyy-MM-dd"));
        await page.Locator("[data-testid='to']").FillAsync(today.ToString("yyyy-MM-dd"));
        await page.ClickAsync("[data-testid='apply-period']");
        await Assertions.Expect(page.Locator("[data-testid='trend-table'] tbody tr")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("[data-testid='kpi-cancelled'] [data-testid='value']")).ToHaveTextAsync("0");
        await Assertions.Expect(held).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid='kpi-held'] [data-testid='change']")).ToHaveTextAsync("+3 (new)");

        // The CSV is the table on the page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid='download-csv']"));
        var csv = Csv.Read(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal(InsightsExport.Header, csv[0].Fields);
        Assert.Equal([["Sam Staff", "3", "3", "3", "0", "0", "0", "0", "0", "0"]], csv.Skip(1).Select(r => r.Fields.ToArray()));
        var shown = await page.Locator("[data-testid='groups-table'] tbody tr [data-testid='cell']").AllTextContentsAsync();
        Assert.Equal(csv[1].Fields, shown.Select(s => s.Trim()));

        // Into artifacts/ like every browser test: a test never rewrites a tracked file (docs/screenshot-insights.png is copied from here by hand).
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("insights"), FullPage = true });
    }

}
