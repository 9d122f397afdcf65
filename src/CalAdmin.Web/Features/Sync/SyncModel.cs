using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Sync;

/// <summary>The sync's tables in the one model.</summary>
public static class SyncModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<SyncRun>(e =>
        {
            e.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Error).HasMaxLength(4000);
            e.HasIndex(r => r.StartedAt);
            e.Ignore(r => r.Running);
        });

        builder.Entity<SyncConflict>(e =>
        {
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(c => c.Key).HasMaxLength(400);
            e.Property(c => c.Email).HasMaxLength(320);
            e.Property(c => c.Reason).HasMaxLength(1000);
            e.HasIndex(c => new { c.ResolvedAt, c.Key });
        });

        builder.Entity<ImportRun>(e =>
        {
            e.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Error).HasMaxLength(4000);
            e.HasIndex(r => r.StartedAt);
            e.Ignore(r => r.Running);
        });
    }
}
