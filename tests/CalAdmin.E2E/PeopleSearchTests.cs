using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CalAdmin.E2E;

/// <summary>
/// The app bar's search from any page, by keyboard alone: an attendee's email opens their page with every booking
/// they hold; a booking's uid opens the booking. The mirror is the embedded sandbox's, brought in by the real import.
/// </summary>
public sealed class PeopleSearchTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public async Task InitializeAsync()
    {
        host.Settings["CalAdmin:TimeZone"] = "UTC";
        host.Settings["CalCom:Sandbox:RateLimitPerMinute"] = "100000";
        host.Start();
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<TeamSync>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
        Assert.True((await scope.ServiceProvider.GetRequiredService<BookingImport>().RunAsync(SyncTrigger.Manual)).Run.Succeeded);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task The_app_bar_search_opens_a_persons_page_with_all_their_bookings_and_a_booking_by_its_uid()
    {
        // The attendee with the most bookings, and how many bookings hold their email (in any letter case).
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var attendees = await db.Attendees.Select(a => new { a.BookingId, a.Email, a.Name }).ToListAsync();
        var person = attendees.GroupBy(a => a.Email.ToLowerInvariant()).OrderByDescending(g => g.Select(a => a.BookingId).Distinct().Count()).First();
        var expected = person.Select(a => a.BookingId).Distinct().Count();
        var uid = await db.Bookings.OrderBy(b => b.Id).Select(b => b.Uid).FirstAsync();
        // A staff note on one of their bookings: the person's page marks it.
        var noted = person.First().BookingId;
        db.BookingNotes.Add(new CalAdmin.Web.Features.Bookings.Notes.BookingNote { BookingId = noted, Text = "Will be 10 minutes late", Author = "desk@e2e.local", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        var (email, password) = await host.CreateUserAsync(Roles.Staff);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(host.BaseAddress, email, password);

        // From the calendar (an interactive page): the search box is labelled, typed into and sent with Enter.
        await page.GotoAsync(new Uri(host.BaseAddress, "/calendar").ToString());
        await page.WaitForCircuitAsync();
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search bookings and people" });
        await search.FocusAsync();
        await page.Keyboard.TypeAsync(person.First().Email);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/people\?email="));
        await Assertions.Expect(page.Locator("[data-testid='count-total']")).ToHaveTextAsync(expected.ToString());
        await Assertions.Expect(page.Locator("[data-testid='person-booking']")).ToHaveCountAsync(expected);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(person.Select(a => a.Name).Order(StringComparer.CurrentCultureIgnoreCase).First());
        await Assertions.Expect(page.Locator("[data-testid='person-booking'] [data-testid='note-mark']")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("person"), FullPage = true });

        // From the person's page, a booking's uid opens that booking.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search bookings and people" }).FocusAsync();
        await page.Keyboard.TypeAsync(uid);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/bookings/{System.Text.RegularExpressions.Regex.Escape(uid)}$"));
        await Assertions.Expect(page.Locator("[data-testid='booking-title']")).ToBeVisibleAsync();
    }
}
