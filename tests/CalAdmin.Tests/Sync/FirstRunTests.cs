using System.Diagnostics;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>A first start on the embedded sandbox with the Hangfire server on: hosts, then the demo bookings, within a minute.</summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_first_start_syncs_the_team_and_imports_the_demo_bookings_within_a_minute()
    {
        factory.Settings["CalAdmin:Jobs:RunServer"] = "true";
        var clock = Stopwatch.StartNew();
        factory.CreateClient();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        await Eventually.TrueAsync(() =>
        {
            using var db = dbFactory.CreateDbContext();
            return db.ImportRuns.Any(r => r.FinishedAt != null) && db.SyncRuns.Any(r => r.FinishedAt != null);
        }, "the first sync and import finished", timeoutMs: 60_000);

        await using var check = await dbFactory.CreateDbContextAsync();
        var sync = await check.SyncRuns.AsNoTracking().SingleAsync();
        Assert.True(sync.Succeeded, sync.Error);
        Assert.Equal(SyncTrigger.Startup, sync.Trigger);
        var import = await check.ImportRuns.AsNoTracking().SingleAsync();
        Assert.True(import.Succeeded, import.Error);
        var sandbox = factory.Services.GetRequiredService<EmbeddedSandbox>().Server!;
        int members;
        lock (sandbox.State.Gate) members = sandbox.State.Users.Count;
        Assert.Equal(members, await check.Hosts.CountAsync());
        Assert.Equal(import.Imported, await check.Bookings.CountAsync());
        Assert.True(import.Imported > 200, $"{import.Imported} bookings imported");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}");
    }
}
