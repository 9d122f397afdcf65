using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>The out-of-office mirror and the move worklist in the one model.</summary>
public static class AwayModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AwayEntry>(e =>
        {
            e.Property(a => a.Uuid).HasMaxLength(64);
            e.Property(a => a.Reason).HasMaxLength(32);
            e.Property(a => a.Notes).HasMaxLength(2000);
            e.HasIndex(a => a.CalComId).IsUnique();
            e.HasIndex(a => new { a.HostId, a.StartUtc });
            e.HasIndex(a => new { a.StartUtc, a.EndUtc });
            e.HasOne(a => a.Host).WithMany().HasForeignKey(a => a.HostId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AwayMove>(e =>
        {
            e.Property(m => m.CreatedBy).HasMaxLength(256);
            e.Property(m => m.CreatedByRoles).HasMaxLength(200);
            e.HasIndex(m => m.CreatedAt);
            e.HasOne(m => m.Host).WithMany().HasForeignKey(m => m.HostId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AwayMoveItem>(e =>
        {
            e.Property(i => i.BookingUid).HasMaxLength(64);
            e.Property(i => i.Title).HasMaxLength(500);
            e.Property(i => i.Plan).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.Reason).HasMaxLength(2000);
            e.Property(i => i.Result).HasMaxLength(2000);
            e.Property(i => i.ResultUid).HasMaxLength(64);
            e.HasIndex(i => new { i.MoveId, i.State });
            e.HasOne(i => i.Move).WithMany(m => m.Items).HasForeignKey(i => i.MoveId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
