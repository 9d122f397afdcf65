using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// The home page office staff act from, in Chromium: today's bookings next one first, the unconfirmed and the ones that
/// need an outcome; a booking arriving today shows without a reload. The data is made around the test clock's "now", in
/// a zone where it is about noon, so every booking of the test falls on the same day.
/// </summary>
public sealed class HomeDeskTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();
    private DateTime now;
    private Host ada = null!;

    public async Task InitializeAsync()
    {
        now = host.Clock.GetUtcNow().UtcDateTime;
        var offset = 12 - now.Hour;
        host.Settings["CalAdmin:TimeZone"] = offset == 0 ? "UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
        host.Start();
        await using var db = await Db();
        ada = new Host { CalComUserId = 91001, Name = "Ada Desk", Email = "ada@desk.test", NormalizedEmail = "ada@desk.test", CreatedAt = now, UpdatedAt = now };
        db.Hosts.Add(ada);
        Add(db, "hd-earlier", now.AddHours(-3), BookingStatus.Accepted, "Early Ed");
        Add(db, "hd-next", now.AddMinutes(40), BookingStatus.Accepted, "Next Nora");
        Add(db, "hd-later", now.AddHours(3), BookingStatus.Accepted, "Later Lin");
        Add(db, "hd-pending", now.AddDays(2), BookingStatus.Pending, "Pending Pat");
        Add(db, "hd-past", now.AddDays(-2), BookingStatus.Accepted, "Past Pia");
        await db.SaveChangesAsync();
    }

    private async Task<AppDbContext> Db() => await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private void Add(AppDbContext db, string uid, DateTime start, BookingStatus status, string attendee)
    {
        var booking = new Booking
        {
            Uid = uid, Title = $"Check-up with {attendee}", StartUtc = start, EndUtc = start.AddMinutes(30), Status = status,
            CalComEventTypeTitle = "Check-up", CreatedAt = now, UpdatedAt = now,
        };
        booking.Hosts.Add(new BookingHost { Host = ada, StartUtc = start });
        booking.Attendees.Add(new Attendee { Name = attendee, Email = $"{uid}@guest.test" });
        db.Bookings.Add(booking);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    private static ILocator Uids(IPage page, string section) => page.Locator($"[data-testid='{section}'] [data-testid='desk-booking']");

    [Fact]
    public async Task Office_staff_see_the_day_next_one_first_what_to_confirm_and_what_needs_an_outcome_live()
    {
        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.SignInAsync(host.BaseAddress, email, password);

        await Assertions.Expect(Uids(page, "today-next")).ToHaveCountAsync(2);
        Assert.Equal(["hd-next", "hd-later"], await Uids(page, "today-next").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.uid)"));
        Assert.Equal(["hd-earlier"], await Uids(page, "today-earlier").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.uid)"));
        Assert.Equal(["hd-pending"], await Uids(page, "unconfirmed-bookings").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.uid)"));
        await Assertions.Expect(page.Locator("[data-testid='unconfirmed-bookings'] [data-testid='desk-confirm']")).ToBeVisibleAsync();
        Assert.Equal(["hd-earlier", "hd-past"], await Uids(page, "need-outcome-bookings").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.uid)"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("home-front-desk"), FullPage = true });

        // A booking made in Cal.com for in 10 minutes: the open page puts it first, without a reload.
        await page.EvaluateAsync("() => window.__sameDocument = true");
        await using (var db = await Db())
        {
            ada = await db.Hosts.SingleAsync(h => h.CalComUserId == 91001);
            Add(db, "hd-walk-in", now.AddMinutes(10), BookingStatus.Accepted, "Walk-in Wes");
            await db.SaveChangesAsync();
        }
        host.Services.GetRequiredService<IChangeFeed>().Publish(new ChangeNotice(ChangeNotice.Bookings, ["hd-walk-in"]));
        await Assertions.Expect(Uids(page, "today-next")).ToHaveCountAsync(3);
        Assert.Equal("hd-walk-in", await Uids(page, "today-next").First.GetAttributeAsync("data-uid"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
