using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// On several servers, one applier at a time: every server stores and acknowledges deliveries, but only the holder
/// of this database lease applies the inbox (everyone's rows, in arrival order), so two servers never apply the same
/// pending delivery at once. On by default with SQL Server (the multi-server setup), off on SQLite, where one process
/// applies; <c>CalAdmin:Webhooks:ExclusiveApplier</c> overrides either.
/// </summary>
public sealed class ApplierLease(IDbContextFactory<AppDbContext> dbFactory, AppDbContextOptions database, IConfiguration config, TimeProvider clock)
{
    public const string Name = "webhook-applier";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private readonly string holder = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public bool Enabled { get; } = config.GetValue<bool?>("CalAdmin:Webhooks:ExclusiveApplier") ?? database.Provider == DatabaseProvider.SqlServer;

    /// <summary>How soon a server that found the lease taken looks again while deliveries are waiting.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<bool> TryTakeAsync(CancellationToken ct)
    {
        if (!Enabled) return true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await JobLeases.TryAcquireAsync(db, Name, holder, Now, Ttl, ct);
    }

    /// <summary>False when the lease was lost (it expired and another server took it): stop applying.</summary>
    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        if (!Enabled) return true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await JobLeases.RenewAsync(db, Name, holder, Now, Ttl, ct);
    }

    public async Task ReleaseAsync()
    {
        if (!Enabled) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        await JobLeases.ReleaseAsync(db, Name, holder, CancellationToken.None);
    }
}
