using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Outcomes;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Home;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using HomePage = CalAdmin.Web.Features.Home.Home;

namespace CalAdmin.Tests.Home;

/// <summary>
/// The home page's front desk and admin sections over BookingData + DeskData ("now" is Monday 10 March 2025, 13:00 in
/// Berlin), rendered with the real MudBlazor components and feature classes on SQLite.
/// </summary>
public sealed class FrontDeskTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private CalAdmin.Tests.Infrastructure.CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private readonly InProcessChangeFeed feed = new(NullLogger<InProcessChangeFeed>.Instance);

    public FrontDeskTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public async Task InitializeAsync()
    {
        (factory, db, _) = await BookingData.StartAsync();
        await DeskData.AddAsync(db);
        Services.AddSingleton(db);
        Services.AddSingleton<IOptions<CalAdminOptions>>(Options.Create(new CalAdminOptions { TimeZone = BookingData.Zone }));
        Services.AddSingleton<TimeProvider>(new FixedClock(BookingData.Now));
        Services.AddSingleton<IChangeFeed>(feed);
        Services.AddBookings().AddHome();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await factory.DisposeAsync();
    }

    private IRenderedComponent<HomePage> RenderAs(string role, string? viewerZone = null)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        if (viewerZone is not null) Services.GetRequiredService<ViewerTimeZone>().Set(viewerZone);
        Render<MudPopoverProvider>();
        return Render<HomePage>();
    }

    private static string[] Uids(IRenderedComponent<HomePage> page, string section) =>
        page.FindAll($"[data-testid={section}] [data-testid=desk-booking]").Select(e => e.GetAttribute("data-uid")!).ToArray();

    [Fact]
    public void Staff_see_today_next_one_first_then_the_earlier_ones_with_their_status()
    {
        var page = RenderAs(Roles.Staff);

        page.WaitForAssertion(() => Assert.Equal(["d2", "b10"], Uids(page, "today-next")), Wait);
        // Today in Berlin: d1 09:00, d3 10:00 are over; d2 15:00 and b10 23:30 are next; b9 (00:30 on the 11th) is tomorrow.
        Assert.Equal(["d1", "d3"], Uids(page, "today-earlier"));
        Assert.Equal("15:00–15:30", page.Find("[data-testid=today-next] [data-testid=desk-time]").TextContent);
        Assert.Equal("Accepted", page.Find("[data-testid=today-next] [data-testid=desk-status]").TextContent.Trim());
        Assert.Contains("Monday 10 March, 13:00 (Europe/Berlin)", page.Find("[data-testid=today-bookings] h2").TextContent);
    }

    [Fact]
    public void Today_is_the_viewers_day_in_the_viewers_zone()
    {
        var page = RenderAs(Roles.Staff, "America/New_York");

        // 07:00 in New York: its 10 March runs to 04:00 UTC on the 11th, so b9 (23:30 UTC) is today there too.
        page.WaitForAssertion(() => Assert.Equal(["d2", "b10", "b9"], Uids(page, "today-next")), Wait);
        Assert.Equal("10:00–10:30", page.Find("[data-testid=today-next] [data-testid=desk-time]").TextContent);
    }

    [Fact]
    public void Unconfirmed_bookings_have_confirm_and_decline_and_past_ones_without_an_outcome_are_listed()
    {
        var page = RenderAs(Roles.Staff);

        page.WaitForAssertion(() => Assert.Equal(["b2"], Uids(page, "unconfirmed-bookings")), Wait);
        Assert.Single(page.FindAll("[data-testid=unconfirmed-bookings] [data-testid=desk-confirm]"));
        Assert.Single(page.FindAll("[data-testid=unconfirmed-bookings] [data-testid=desk-decline]"));
        // Newest first: d1 (today 09:00) and b3 (9 March); d3 and d5 have no-show marks, d4's meeting ended, b4 is pending.
        Assert.Equal(["d1", "b3"], Uids(page, "need-outcome-bookings"));
        Assert.Contains("Needs an outcome (2)", page.Find("[data-testid=need-outcome-bookings] h2").TextContent);
        Assert.Empty(page.FindAll("[data-testid=admin-fixes]"));
    }

    [Fact]
    public async Task A_crowded_day_shows_the_next_and_the_last_ones_and_links_to_the_whole_day()
    {
        // 60 more accepted bookings today still to come (13:30–16:30 UTC) and 60 over (07:00–07:59 UTC), made in SQL.
        await using (var context = await db.CreateDbContextAsync())
            await context.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
                INSERT INTO Bookings (CalComId, Uid, Title, StartUtc, EndUtc, Status, Location, CreatedAt, UpdatedAt, MeetingState, HostAbsent)
                SELECT 800000 + i, 'busy-' || printf('%03d', i), 'Busy',
                       CASE WHEN i <= 60 THEN strftime('%Y-%m-%d %H:%M:%S', '2025-03-10 13:30:00', '+' || (i * 3) || ' minutes')
                            ELSE strftime('%Y-%m-%d %H:%M:%S', '2025-03-10 07:00:00', '+' || (i - 61) || ' minutes') END,
                       CASE WHEN i <= 60 THEN strftime('%Y-%m-%d %H:%M:%S', '2025-03-10 13:30:00', '+' || (i * 3 + 1) || ' minutes')
                            ELSE strftime('%Y-%m-%d %H:%M:%S', '2025-03-10 07:00:00', '+' || (i - 60) || ' minutes') END,
                       'Accepted', '', '2025-03-01 00:00:00', '2025-03-01 00:00:00', 'NotStarted', 0
                FROM n;
                """);
        var page = RenderAs(Roles.Staff);

        page.WaitForAssertion(() => Assert.Equal(FrontDesk.DaySize, Uids(page, "today-next").Length), Wait);
        Assert.Equal("busy-001", Uids(page, "today-next")[0]); // 13:33 UTC, the next one
        var more = page.Find("[data-testid=today-more]");
        Assert.Contains("The next 50 of 62 still to come", more.TextContent); // 60, d2 and b10
        Assert.Equal("/bookings?status=all&from=2025-03-10&to=2025-03-10&tz=Europe%2FBerlin", more.GetAttribute("href"));
        // Over: the last 50 of 62 (60, d1, d3) in order of start, ending with d3 (10:00).
        Assert.Equal(FrontDesk.DaySize, Uids(page, "today-earlier").Length);
        Assert.Equal("d3", Uids(page, "today-earlier")[^1]);
        Assert.Contains("The last 50 of 62 that are over", page.Find("[data-testid=today-earlier-more]").TextContent);
        // 62 past accepted bookings without an outcome now: the heading counts them all.
        Assert.Contains("Needs an outcome (62)", page.Find("[data-testid=need-outcome-bookings] h2").TextContent);
    }

    [Fact]
    public void Managers_keep_their_section_without_the_front_desk()
    {
        var page = RenderAs(Roles.Manager);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=manager-overview]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=today-bookings]"));
        Assert.Empty(page.FindAll("[data-testid=admin-fixes]"));
    }

    [Fact]
    public async Task Admins_see_what_needs_fixing()
    {
        await using (var ctx = await db.CreateDbContextAsync())
        {
            ctx.WebhookDeliveries.Add(new WebhookDelivery
            {
                Trigger = "BOOKING_CREATED", BookingUid = "zz", ReceivedAt = BookingData.Utc(10, 11), DedupKey = "f1", RawBody = "{}",
                Outcome = DeliveryOutcome.Failed, Error = "boom",
            });
            ctx.SyncRuns.Add(new SyncRun { StartedAt = BookingData.Utc(10, 1), FinishedAt = BookingData.Utc(10, 1, 5), Succeeded = false, Error = "Cal.com said 401" });
            await ctx.SaveChangesAsync();
        }
        var page = RenderAs(Roles.Admin);

        // Bob (unmapped) holds b2, b8 and d2 from now on.
        page.WaitForAssertion(() => Assert.Contains("1 host without a staff member holds 3 upcoming bookings", page.Find("[data-testid=fix-unmapped]").TextContent), Wait);
        Assert.Contains("1 webhook delivery failed", page.Find("[data-testid=fix-deliveries]").TextContent);
        Assert.Contains("Cal.com said 401", page.Find("[data-testid=fix-sync]").TextContent);
        Assert.NotNull(page.Find("[data-testid=today-bookings]"));
    }

    [Fact]
    public async Task A_new_booking_today_appears_on_the_open_page()
    {
        var page = RenderAs(Roles.Staff);
        page.WaitForAssertion(() => Assert.Equal(["d2", "b10"], Uids(page, "today-next")), Wait);

        await using (var ctx = await db.CreateDbContextAsync())
        {
            var alice = await ctx.Hosts.SingleAsync(h => h.CalComUserId == 101);
            BookingData.Add(ctx, "new", "Walk-in", BookingData.Utc(10, 13), BookingStatus.Pending, null, [alice], ("Walk In", "walk@x.test"));
            await ctx.SaveChangesAsync();
        }
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["new"]));

        page.WaitForAssertion(() => Assert.Equal(["new", "d2", "b10"], Uids(page, "today-next")), Wait);
        Assert.Equal(["b2", "new"], Uids(page, "unconfirmed-bookings").Order().ToArray());
    }
}
