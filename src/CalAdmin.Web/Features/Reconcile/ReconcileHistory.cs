using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Reconcile;

public sealed record ReconcilePageData(IReadOnlyList<ReconcileRun> Runs, ReconcileRun? LastFinished, IReadOnlyList<ReconcileFix> LastFixes, DateTime? NextWatermark);

/// <summary>What the Sync page's reconciliation section reads (managers and admins).</summary>
public sealed class ReconcileHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<ReconcilePageData> LoadAsync(ClaimsPrincipal actor, int take = 10, CancellationToken ct = default)
    {
        StaffAccess.EnsureCanRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.ReconcileRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        // The last run that got to Cal.com (a run skipped for another's lease did nothing), failed ones included: they may have fixed some batches.
        var last = await db.ReconcileRuns.AsNoTracking().Where(r => r.FinishedAt != null && r.Watermark != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var fixes = last is null ? [] : await db.ReconcileFixes.AsNoTracking().Where(f => f.RunId == last.Id).OrderBy(f => f.Id).ToListAsync(ct);
        var next = await db.ReconcileRuns.Where(r => r.Succeeded).OrderByDescending(r => r.Id).Select(r => r.NextWatermark).FirstOrDefaultAsync(ct);
        return new ReconcilePageData(runs, last, fixes, next);
    }
}
