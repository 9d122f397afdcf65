using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Jobs;

/// <summary>Takes, renews and gives back a <see cref="JobLease"/> with single-statement updates, atomic on both providers.</summary>
public static class JobLeases
{
    public static async Task<bool> TryAcquireAsync(AppDbContext db, string name, string holder, DateTime now, TimeSpan ttl, CancellationToken ct)
    {
        var until = now + ttl;
        var taken = await db.JobLeases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == name, ct)) return false;
        db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Someone else created the lease row first.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Extends the lease if <paramref name="holder"/> still holds it; false when it was lost (expired and taken).</summary>
    public static async Task<bool> RenewAsync(AppDbContext db, string name, string holder, DateTime now, TimeSpan ttl, CancellationToken ct)
    {
        var until = now + ttl;
        return await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), ct) == 1;
    }

    public static Task ReleaseAsync(AppDbContext db, string name, string holder, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(ct);

    public static Task<string?> HolderAsync(AppDbContext db, string name, DateTime now, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == name && l.ExpiresAt >= now).Select(l => l.Holder).FirstOrDefaultAsync(ct);
}
