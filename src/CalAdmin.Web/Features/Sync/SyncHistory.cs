using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Sync;

public sealed record SyncPageData(IReadOnlyList<SyncRun> Runs, int TotalRuns, IReadOnlyList<SyncConflict> OpenConflicts, ImportRun? LastImport, DateTime? LastSuccessAt);

/// <summary>What /sync reads: the latest runs, the open conflicts and the last import (managers and admins).</summary>
public sealed class SyncHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<SyncPageData> LoadAsync(ClaimsPrincipal actor, int take = 25, CancellationToken ct = default)
    {
        StaffAccess.EnsureCanRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        var total = await db.SyncRuns.CountAsync(ct);
        var conflicts = await db.SyncConflicts.AsNoTracking().Where(c => c.ResolvedAt == null).OrderBy(c => c.Kind).ThenBy(c => c.Id).Take(200).ToListAsync(ct);
        var import = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var lastSuccess = await db.SyncRuns.Where(r => r.Succeeded).OrderByDescending(r => r.Id).Select(r => r.FinishedAt).FirstOrDefaultAsync(ct);
        return new SyncPageData(runs, total, conflicts, import, lastSuccess);
    }
}
