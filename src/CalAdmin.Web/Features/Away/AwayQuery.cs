using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>An away period as pages show it.</summary>
public sealed record AwayPeriod(int CalComId, int HostId, DateTime StartUtc, DateTime EndUtc, string? Reason, string? Notes, string? CoveredBy);

/// <summary>The reads of the out-of-office mirror: a host's entries, and the entries that overlap a calendar range.</summary>
public sealed class AwayQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AwayPeriod>> OfHostAsync(int hostId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db, db.AwayEntries.Where(a => a.HostId == hostId).OrderByDescending(a => a.StartUtc).Take(100)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<AwayPeriod>> OverlappingAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db, db.AwayEntries.Where(a => a.StartUtc < toUtc && fromUtc < a.EndUtc).OrderBy(a => a.StartUtc)).ToListAsync(ct);
    }

    private static IQueryable<AwayPeriod> Project(AppDbContext db, IQueryable<AwayEntry> entries) =>
        entries.Select(a => new AwayPeriod(a.CalComId, a.HostId, a.StartUtc, a.EndUtc, a.Reason, a.Notes,
            db.Hosts.Where(h => h.CalComUserId == a.ToCalComUserId).Select(h => h.Name ?? h.Email).FirstOrDefault()));
}
