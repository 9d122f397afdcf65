using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Insights;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Insights;

/// <summary>The /insights page in bunit with the real MudBlazor components and the real query over InsightsData on SQLite.</summary>
public sealed class InsightsPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private CalAdminFactory factory = null!;
    private IDbContextFactory<AppDbContext> db = null!;
    private InsightsData data = null!;
    private readonly InProcessChangeFeed feed = new(NullLogger<InProcessChangeFeed>.Instance);

    public InsightsPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // Long enough for every notice of a burst to arrive on a busy machine, short enough for a test.
        InsightsPage.RefreshInterval = TimeSpan.FromSeconds(2);
    }

    public async Task InitializeAsync()
    {
        (factory, db, data) = await InsightsData.StartAsync();
        Services.AddSingleton(db);
        Services.AddSingleton<IOptions<CalAdminOptions>>(Options.Create(new CalAdminOptions { TimeZone = InsightsData.Zone }));
        Services.AddSingleton<TimeProvider>(new FixedClock(InsightsData.Now));
        Services.AddSingleton<IChangeFeed>(feed);
        Services.AddScoped<ViewerTimeZone>();
        Services.AddScoped<InsightsQuery>();
        Services.AddSingleton<InsightsFactsCache>();
        AddAuthorization().SetAuthorized("manager@test.local").SetRoles(Roles.Manager);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await factory.DisposeAsync();
    }

    private IRenderedComponent<InsightsPage> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("insights?" + query);
        Render<MudPopoverProvider>();
        var page = Render<InsightsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=insights-cards]")), Wait);
        return page;
    }

    private static string Card(IRenderedComponent<InsightsPage> page, string key, string part) =>
        page.Find($"[data-testid=kpi-{key}] [data-testid={part}]").TextContent.Trim();

    [Fact]
    public void Every_card_is_the_hand_counted_value_against_the_previous_period()
    {
        var page = Open(InsightsData.Period);

        // (key, this period, previous period, change)
        (string Key, string Value, string Previous, string Change)[] expected =
        [
            ("created", "6", "4", "+2 (+50%)"),
            ("held", "5", "2", "+3 (+150%)"),
            ("completed", "3", "2", "+1 (+50%)"),
            ("cancelled", "1", "1", "no change"),
            ("rescheduled", "2", "0", "+2 (new)"),
            ("declined", "1", "0", "+1 (new)"),
            ("no-show-host", "2", "0", "+2 (new)"),
            ("no-show-attendee", "1", "2", "−1 (−50%)"),
            ("reassigned-away", "2", "1", "+1 (+100%)"),
            // Held leads 1 d, 3 d, 4 d, 5 d 6 h, 6 d; before: 3 d 9 h and 9 d, whose middle is 6 d 4 h 30 min.
            ("lead-time", "4 d 0 h", "previous: 6 d 4 h", "−2 d 4 h"),
        ];
        foreach (var (key, value, previous, change) in expected)
        {
            Assert.Equal(value, Card(page, key, "value"));
            Assert.Equal(previous.StartsWith("previous") ? previous : "previous: " + previous, Card(page, key, "previous"));
            Assert.Equal(change, Card(page, key, "change"));
        }
        Assert.Contains("Mon 10 Mar 2025 to Sun 16 Mar 2025 (7 days, America/Los_Angeles), against 3 Mar 2025 to 9 Mar 2025", page.Find("[data-testid=period-text]").TextContent);
    }

    [Fact]
    public void The_trend_and_weekdays_have_their_numbers_as_tables_in_the_viewers_days()
    {
        var page = Open(InsightsData.Period);

        var rows = page.FindAll("[data-testid=trend-table] tbody tr").Select(r => string.Join(" ", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal([
            "2025-03-10 0 0 0 0 0 0",
            "2025-03-11 1 0 0 1 0 2", // c1 held, r0 moved away
            "2025-03-12 1 0 0 1 0 2", // c2, r1
            "2025-03-13 1 0 0 0 0 1", // c4
            "2025-03-14 0 0 1 0 0 1", // c5
            "2025-03-15 0 0 0 0 1 1", // c6
            "2025-03-16 2 1 0 0 0 3", // c3 (17 Mar in UTC) and r2 held, c7 pending
        ], rows);
        var weekdays = page.FindAll("[data-testid=weekday-table] tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToList();
        Assert.Equal(["0", "1", "1", "1", "0", "0", "2"], weekdays);
        Assert.NotEmpty(page.FindAll("[data-testid=trend-chart]"));
    }

    [Fact]
    public async Task The_table_on_the_page_is_the_csv_for_the_same_filter()
    {
        var page = Open(InsightsData.Period + "&groupBy=department");
        var (email, password) = await factory.CreateUserAsync(Roles.Manager);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        var link = page.Find("[data-testid=download-csv]").GetAttribute("href")!;
        var csv = (await client.GetStringAsync(link)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var shown = page.FindAll("[data-testid=groups-table] tbody tr")
            .Select(r => Csv.Write([r.QuerySelectorAll("[data-testid=cell]").Select(c => (string?)c.TextContent.Trim()).ToList()]).TrimEnd('\r', '\n'))
            .ToList();

        Assert.Equal($"/exports/insights.csv?{InsightsData.Period}&groupBy=department&tz=America%2FLos_Angeles", link);
        Assert.Equal(3, shown.Count);
        Assert.Equal(csv.Skip(1), shown);
        Assert.Equal("Sales", page.Find("[data-testid=ranking-most-booked] [data-testid=ranking-group]").TextContent);
    }

    [Fact]
    public async Task A_burst_of_changes_re_runs_the_queries_once()
    {
        var page = Open(InsightsData.Period);
        Assert.Equal(1, page.Instance.Loads);

        await data.AddBookingAsync(db, "late", InsightsData.Utc(13, 18));
        for (var i = 0; i < 25; i++) feed.Publish(new ChangeNotice(ChangeNotice.Bookings, ["late"]));

        page.WaitForAssertion(() => Assert.Equal("6", Card(page, "held", "value")), Wait);
        Assert.Equal(2, page.Instance.Loads);
    }

    [Fact]
    public void Choosing_a_department_puts_it_in_the_url_and_narrows_the_figures()
    {
        var page = Open(InsightsData.Period);

        page.Find("[data-testid=department]").Change("Support");

        var uri = Services.GetRequiredService<NavigationManager>().Uri;
        Assert.EndsWith($"insights?{InsightsData.Period}&department=Support", uri);
        page.WaitForAssertion(() => Assert.Equal("2", Card(page, "held", "value")), Wait); // c3 and r2, Cy's
    }
}
