using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Jobs;

/// <summary>The jobs' shared table in the one model.</summary>
public static class JobsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<JobLease>(e =>
        {
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(64);
            e.Property(l => l.Holder).HasMaxLength(128);
        });
    }
}
