using Bunit;
using CalAdmin.Sandbox;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Sync;

/// <summary>The real Sync page with the real sync services over SQLite: history, conflicts, the import and live progress.</summary>
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
        var now = DateTime.UtcNow;
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
}
