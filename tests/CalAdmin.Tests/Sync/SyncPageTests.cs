using Bunit;
using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>The real Sync page with the real sync services over SQLite: history, conflicts, the import, reconciliation and live progress.</summary>
public sealed class SyncPageTests : BunitContext, IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private SyncTestHost host = null!;

    public async Task InitializeAsync()
    {
        sandbox = await SyncTestData.SandboxAsync(teamSize: 600);
        host = await SyncTestHost.StartAsync(sandbox);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(host.Get<SyncProgress>());
        Services.AddSingleton(host.Get<IChangeFeed>());
        Services.AddSingleton(host.Get<IOptions<CalAdminOptions>>());
        Services.AddSingleton(host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Web.Data.AppDbContext>>());
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(new InMemoryStorage()));
        Services.AddTransient(_ => host.Sync);
        Services.AddScoped<SyncHistory>();
        Services.AddScoped<SyncCommands>();
        Services.AddTransient(_ => host.Reconciliation);
        Services.AddSingleton(host.Get<IOptions<ReconcileOptions>>());
        Services.AddScoped<ReconcileHistory>();
        Services.AddScoped<ReconcileCommands>();
        AddAuthorization().SetAuthorized("ada@test.local").SetRoles(Roles.Admin);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Shows_the_history_the_open_conflicts_and_the_last_import()
    {
        var now = TestClock.UtcNow;
        await using (var db = host.Db())
        {
            db.SyncRuns.Add(new SyncRun { Trigger = SyncTrigger.Startup, StartedAt = now.AddHours(-3), FinishedAt = now.AddHours(-3).AddSeconds(4), Succeeded = true, RequestsMade = 4, Added = 600, AutoMapped = 599 });
            db.SyncRuns.Add(new SyncRun { Trigger = SyncTrigger.Schedule, StartedAt = now.AddHours(-1), FinishedAt = now.AddHours(-1).AddSeconds(2), Error = "Cal.com answered 500 <b>boom</b>", RequestsMade = 9 });
            db.SyncConflicts.Add(new SyncConflict { Kind = SyncConflictKind.SharedEmail, Key = "SharedEmail|x@y", Reason = "Cal.com users 1, 2 share the email x@y", FirstSeenAt = now });
            db.ImportRuns.Add(new ImportRun { Trigger = SyncTrigger.Startup, StartedAt = now.AddHours(-3), FinishedAt = now.AddHours(-3).AddSeconds(9), Succeeded = true, Fetched = 280, Imported = 280, RequestsMade = 3, WindowStartUtc = now.AddDays(-90), WindowEndUtc = now.AddDays(180) });
            await db.SaveChangesAsync();
        }

        var cut = Render<SyncPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.sync-run").Count));
        var rows = cut.FindAll("tr.sync-run");
        Assert.Equal(["Failed", "Succeeded"], cut.FindAll(".sync-result").Select(e => e.TextContent.Trim()));
        Assert.Equal("Cal.com answered 500 <b>boom</b>", rows[0].QuerySelector(".sync-error")!.TextContent);
        Assert.Contains("600", rows[1].TextContent);
        Assert.Contains("share the email x@y", cut.Find("[data-testid=sync-conflicts]").TextContent);
        Assert.Contains("280 of 280 bookings imported", cut.Find("[data-testid=import-status]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=sync-progress]"));
    }

    [Fact]
    public async Task Shows_a_running_sync_live_and_its_row_when_it_commits()
    {
        var cut = Render<SyncPage>();
        cut.WaitForAssertion(() => Assert.Contains("No sync has succeeded yet", cut.Markup));
        var seen = new List<string>();
        host.Progress.PageFetched += page =>
        {
            // On the sync's own thread, between two membership pages: the open page already shows the progress.
            if (page != 2) return;
            cut.WaitForAssertion(() => Assert.Contains("2 membership pages fetched · 499 members", cut.Find("[data-testid=sync-progress-text]").TextContent));
            seen.Add(cut.Find("[data-testid=sync-progress]").TextContent);
        };

        var outcome = await host.Sync.RunAsync(SyncTrigger.Manual);

        Assert.True(outcome.Run.Succeeded, outcome.Run.Error);
        Assert.Contains($"Sync {outcome.Run.Id} running (Manual)", Assert.Single(seen));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=sync-progress]")));
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("tr.sync-run .sync-result").TextContent.Trim()));
        Assert.Contains("600", cut.Find("tr.sync-run").TextContent);
    }

    [Fact]
    public async Task Shows_the_reconciliation_runs_with_their_figures_and_what_the_last_one_fixed()
    {
        var now = TestClock.UtcNow;
        await using (var db = host.Db())
        {
            db.ReconcileRuns.Add(new ReconcileRun
            {
                Trigger = SyncTrigger.Schedule, StartedAt = now.AddMinutes(-45), FinishedAt = now.AddMinutes(-45).AddSeconds(40), Watermark = now.AddMinutes(-62),
                Pages = 1, RequestsMade = 5, Error = "Cal.com answered 500 (HTTP 500)",
            });
            db.ReconcileRuns.Add(new ReconcileRun
            {
                Trigger = SyncTrigger.Schedule, StartedAt = now.AddMinutes(-30), FinishedAt = now.AddMinutes(-30).AddSeconds(3), Succeeded = true,
                Watermark = now.AddMinutes(-47), NextWatermark = now.AddMinutes(-32), Pages = 2, Seen = 131, Fixed = 2, Added = 1, ReassignmentsFound = 1, RequestsMade = 2,
                Fixes =
                [
                    new ReconcileFix { BookingUid = "bk-1", Title = "Discovery call with Grace", Changes = "host Ada Lovelace → Alan Turing", ChangedAt = now.AddMinutes(-40) },
                    new ReconcileFix { BookingUid = "bk-2", Title = "<b>Onboarding</b>", Added = true, Changes = "not in the mirror: Accepted, 2030-01-02 10:00 UTC", ChangedAt = now.AddMinutes(-35) },
                ],
            });
            await db.SaveChangesAsync();
        }

        var cut = Render<SyncPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.reconcile-run").Count));
        Assert.Equal(["Succeeded", "Failed"], cut.FindAll(".reconcile-result").Select(e => e.TextContent.Trim()));
        var rows = cut.FindAll("tr.reconcile-run");
        Assert.Equal("Cal.com answered 500 (HTTP 500)", rows[1].QuerySelector(".reconcile-error")!.TextContent);
        Assert.Equal(("131", "2", "1"), (rows[0].QuerySelector(".reconcile-seen")!.TextContent, rows[0].QuerySelector(".reconcile-fixed")!.TextContent,
            rows[0].QuerySelector(".reconcile-reassignments")!.TextContent));
        Assert.Equal(Local(now.AddMinutes(-47)), rows[0].QuerySelector(".reconcile-watermark")!.TextContent);
        Assert.Contains($"The next run reads changes since {Local(now.AddMinutes(-32))}.", cut.Find("[data-testid=reconcile-summary]").TextContent);
        Assert.Contains("fixed 2 bookings:", cut.Find("[data-testid=reconcile-fixes-title]").TextContent);
        var fixes = cut.FindAll("tr.reconcile-fix");
        Assert.Equal(2, fixes.Count);
        Assert.Contains("Discovery call with Grace", fixes[0].TextContent);
        Assert.Equal("host Ada Lovelace → Alan Turing", fixes[0].QuerySelector(".reconcile-changes")!.TextContent);
        Assert.Equal("<b>Onboarding</b>", fixes[1].QuerySelector("a")!.TextContent);
        Assert.EndsWith("/bookings/bk-2", fixes[1].QuerySelector("a")!.GetAttribute("href"));

        // A newer run fails part-way: what it fixed before it stopped is listed, and the watermark stays where it was.
        await using (var db = host.Db())
        {
            db.ReconcileRuns.Add(new ReconcileRun
            {
                Trigger = SyncTrigger.Schedule, StartedAt = now.AddMinutes(-15), FinishedAt = now.AddMinutes(-14), Watermark = now.AddMinutes(-32),
                Pages = 3, Fixed = 1, RequestsMade = 7, Error = "Cal.com did not answer in time",
                Fixes = [new ReconcileFix { BookingUid = "bk-3", Title = "Support session", Changes = "status Accepted → Cancelled", ChangedAt = now.AddMinutes(-20) }],
            });
            await db.SaveChangesAsync();
        }
        host.Get<IChangeFeed>().Publish(new ChangeNotice(ChangeNotice.Sync, []));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.reconcile-run").Count));
        Assert.Contains("did not complete; it fixed 1 booking before it stopped", cut.Find("[data-testid=reconcile-fixes-title]").TextContent);
        Assert.Equal("Support session", Assert.Single(cut.FindAll("tr.reconcile-fix")).QuerySelector("a")!.TextContent);
        Assert.Contains($"The next run reads changes since {Local(now.AddMinutes(-32))}.", cut.Find("[data-testid=reconcile-summary]").TextContent);
    }

    [Fact]
    public async Task Reconcile_now_queues_the_job_and_the_run_appears_when_it_finishes()
    {
        var cut = Render<SyncPage>();
        cut.WaitForAssertion(() => Assert.Contains("No reconciliation has run yet.", cut.Find("[data-testid=reconcile-runs]").TextContent));

        await cut.Find("[data-testid=reconcile-now]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Contains("Reconciliation queued", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message);

        // The job would run this; a run of any process shows on the open page through the change feed.
        var outcome = await host.Reconciliation.RunAsync(SyncTrigger.Manual);

        Assert.True(outcome.Run.Succeeded, outcome.Run.Error);
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("tr.reconcile-run .reconcile-result").TextContent.Trim()));
        Assert.Contains("Manual", cut.Find("tr.reconcile-run").TextContent);
        Assert.Contains("the mirror matched Cal.com", cut.Find("[data-testid=reconcile-fixes-title]").TextContent);
    }

    private string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, host.Get<IOptions<CalAdminOptions>>().Value.TimeZoneInfo).ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
