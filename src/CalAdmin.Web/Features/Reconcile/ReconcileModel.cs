using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Reconcile;

/// <summary>Reconciliation's tables in the one model.</summary>
public static class ReconcileModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ReconcileRun>(e =>
        {
            e.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.WatermarkBasis).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Error).HasMaxLength(4000);
            e.HasIndex(r => new { r.Succeeded, r.Id });
            e.Ignore(r => r.Running);
            e.HasMany(r => r.Fixes).WithOne().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReconcileFix>(e =>
        {
            e.Property(f => f.BookingUid).HasMaxLength(64);
            e.Property(f => f.Title).HasMaxLength(200);
            e.Property(f => f.Changes).HasMaxLength(1000);
        });
    }
}
