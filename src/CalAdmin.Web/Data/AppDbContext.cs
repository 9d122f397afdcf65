using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Away;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CalAdmin.Web.Data;

/// <summary>
/// The one model of CalAdmin. Each database provider has a thin subclass that owns its migration set
/// (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>). It also holds the Data Protection keys,
/// so every server that shares the database accepts the same sign-in cookies.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<StaffMapping> StaffMappings => Set<StaffMapping>();
    public DbSet<Host> Hosts => Set<Host>();
    public DbSet<EventType> EventTypes => Set<EventType>();
    public DbSet<EventTypeHost> EventTypeHosts => Set<EventTypeHost>();
    public DbSet<ManagedChildEventType> ManagedChildEventTypes => Set<ManagedChildEventType>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<BookingHost> BookingHosts => Set<BookingHost>();
    public DbSet<Attendee> Attendees => Set<Attendee>();
    public DbSet<Features.Bookings.Notes.BookingNote> BookingNotes => Set<Features.Bookings.Notes.BookingNote>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<SyncConflict> SyncConflicts => Set<SyncConflict>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookRejection> WebhookRejections => Set<WebhookRejection>();
    public DbSet<Reassignment> Reassignments => Set<Reassignment>();
    public DbSet<ReconcileRun> ReconcileRuns => Set<ReconcileRun>();
    public DbSet<ReconcileFix> ReconcileFixes => Set<ReconcileFix>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AwayEntry> AwayEntries => Set<AwayEntry>();
    public DbSet<AwayMove> AwayMoves => Set<AwayMove>();
    public DbSet<AwayMoveItem> AwayMoveItems => Set<AwayMoveItem>();
    public DbSet<Features.Insights.InsightsFact> InsightsFacts => Set<Features.Insights.InsightsFact>();
    public DbSet<Features.Insights.InsightsDay> InsightsDays => Set<Features.Insights.InsightsDay>();

    /// <summary>
    /// Saves, and when the save adds, changes or removes a booking, a booking's host or an attendee, writes the host rows'
    /// copies of their booking's start, status and event type (<see cref="BookingHostCopies"/>) and the insights facts of those
    /// bookings again in the same transaction (<see cref="Features.Insights.InsightsFactsUpkeep"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var touched = Features.Insights.InsightsFactsUpkeep.Touched(ChangeTracker);
        if (touched.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Only a save that touches a booking, a host row or an attendee can leave a host row's copies behind its booking.
        BookingHostCopies.CopyTracked(ChangeTracker);
        if (Database.CurrentTransaction is not null)
        {
            await touched.BeforeSaveAsync(this, cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await AfterSaveAsync(touched, cancellationToken);
            return saved;
        }
        // The changes are accepted only once the facts are written too: a retried attempt (SQL Server's retrying execution
        // strategy) saves them again.
        var count = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var tx = await Database.BeginTransactionAsync(ct);
            await touched.BeforeSaveAsync(this, ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await AfterSaveAsync(touched, ct);
            await tx.CommitAsync(ct);
            return saved;
        }, cancellationToken);
        if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
        return count;
    }

    /// <summary>In the save's transaction: the host rows' copies of their booking, then the insights facts (read from both).</summary>
    private async Task AfterSaveAsync(Features.Insights.InsightsFactsUpkeep.TouchedBookings touched, CancellationToken ct)
    {
        await BookingHostCopies.CopySavedAsync(this, touched.BookingIds(), ct);
        await Features.Insights.InsightsFactsUpkeep.RefreshAsync(this, touched, ct);
    }

    /// <summary>The synchronous save keeps the insights facts in step as <see cref="SaveChangesAsync(bool, CancellationToken)"/> does.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        Features.Insights.InsightsFactsUpkeep.Touched(ChangeTracker).Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored as UTC and read back as DateTimeKind.Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(e => e.Property(u => u.DisplayName).HasMaxLength(200));

        builder.Entity<StaffMember>(e =>
        {
            e.ToTable("Staff");
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Email).HasMaxLength(320);
            e.Property(s => s.NormalizedEmail).HasMaxLength(320);
            e.Property(s => s.Department).HasMaxLength(200);
            e.HasIndex(s => s.NormalizedEmail).IsUnique();
        });

        builder.Entity<StaffMapping>(e =>
        {
            e.Property(m => m.ExternalSystem).HasMaxLength(32);
            e.Property(m => m.ExternalId).HasMaxLength(64);
            e.Property(m => m.ExternalUsername).HasMaxLength(200);
            e.Property(m => m.CreatedBy).HasMaxLength(256);
            e.Property(m => m.UpdatedBy).HasMaxLength(256);
            e.Property(m => m.Method).HasConversion<string>().HasMaxLength(32);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasIndex(m => new { m.ExternalSystem, m.ExternalId }).IsUnique();
            e.HasIndex(m => new { m.StaffId, m.ExternalSystem }).IsUnique();
            e.HasOne(m => m.Staff).WithMany().HasForeignKey(m => m.StaffId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Host>(e =>
        {
            e.Property(h => h.Username).HasMaxLength(200);
            e.Property(h => h.Name).HasMaxLength(200);
            e.Property(h => h.Email).HasMaxLength(320);
            e.Property(h => h.NormalizedEmail).HasMaxLength(320);
            e.Property(h => h.TimeZone).HasMaxLength(64);
            e.Property(h => h.TeamRole).HasMaxLength(32);
            e.Property(h => h.AvatarUrl).HasMaxLength(1000);
            e.HasIndex(h => h.CalComUserId).IsUnique();
            e.HasIndex(h => h.NormalizedEmail);
            e.Ignore(h => h.DisplayName);
        });

        builder.Entity<EventType>(e =>
        {
            e.Property(t => t.Slug).HasMaxLength(200);
            e.Property(t => t.Title).HasMaxLength(300);
            e.Property(t => t.SchedulingType).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(t => t.CalComId).IsUnique();
        });

        builder.Entity<ManagedChildEventType>(e =>
        {
            e.HasKey(c => c.CalComId);
            e.Property(c => c.CalComId).ValueGeneratedNever();
            e.HasOne(c => c.EventType).WithMany(t => t.Children).HasForeignKey(c => c.EventTypeId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<EventTypeHost>(e =>
        {
            e.HasKey(h => new { h.EventTypeId, h.HostId });
            e.HasOne(h => h.EventType).WithMany(t => t.Hosts).HasForeignKey(h => h.EventTypeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(h => h.Host).WithMany().HasForeignKey(h => h.HostId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Booking>(e =>
        {
            e.Property(b => b.Uid).HasMaxLength(64);
            e.Property(b => b.Title).HasMaxLength(500);
            e.Property(b => b.CalComEventTypeTitle).HasMaxLength(500);
            e.Property(b => b.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(b => b.Location).HasMaxLength(1000);
            e.Property(b => b.MeetingUrl).HasMaxLength(1000);
            e.Property(b => b.Description).HasMaxLength(4000);
            e.Property(b => b.ResponsesJson).HasMaxLength(8000);
            e.Property(b => b.RescheduledFromUid).HasMaxLength(64);
            e.Property(b => b.RescheduledToUid).HasMaxLength(64);
            e.Property(b => b.CancellationReason).HasMaxLength(2000);
            e.Property(b => b.MeetingState).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(b => b.Uid).IsUnique();
            e.HasIndex(b => b.CalComId);
            e.HasIndex(b => b.StartUtc);
            e.HasIndex(b => new { b.Status, b.StartUtc });
            e.HasIndex(b => new { b.EventTypeId, b.StartUtc });
            // Counts of a tab with an event type, or of a host's bookings (found by id through BookingHosts), read
            // only these small indexes instead of the wide booking rows.
            e.HasIndex(b => new { b.EventTypeId, b.Status, b.StartUtc });
            e.HasIndex(b => new { b.Id, b.Status, b.StartUtc });
            e.HasOne(b => b.EventType).WithMany().HasForeignKey(b => b.EventTypeId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<BookingHost>(e =>
        {
            e.HasKey(h => new { h.BookingId, h.HostId });
            e.Property(h => h.Status).HasConversion<string>().HasMaxLength(32);
            // A host's bookings by start, with what a tab and the event type filter check and what the page needs next,
            // so neither the host rows nor the bookings are read to pick a host's page or count its tab.
            e.HasIndex(h => new { h.HostId, h.StartUtc, h.BookingId, h.Status, h.EventTypeId });
            e.HasOne(h => h.Booking).WithMany(b => b.Hosts).HasForeignKey(h => h.BookingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(h => h.Host).WithMany().HasForeignKey(h => h.HostId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Attendee>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(300);
            e.Property(a => a.Email).HasMaxLength(320);
            e.Property(a => a.TimeZone).HasMaxLength(64);
            e.Property(a => a.PhoneNumber).HasMaxLength(64);
            e.HasIndex(a => a.Email);
            e.HasIndex(a => new { a.BookingId, a.Absent });
            e.HasOne(a => a.Booking).WithMany(b => b.Attendees).HasForeignKey(a => a.BookingId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.UserId).HasMaxLength(64);
            e.Property(a => a.UserName).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.Before).HasMaxLength(8000);
            e.Property(a => a.After).HasMaxLength(8000);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
        });

        JobsModel.Configure(builder);
        Features.Bookings.Notes.BookingNotesModel.Configure(builder);
        SyncModel.Configure(builder);
        ReconcileModel.Configure(builder);
        AwayModel.Configure(builder);
        Features.Insights.InsightsFactsModel.Configure(builder);
        Features.Insights.InsightsFactsModel.ConfigureDays(builder);

        ConfigureWebhooks(builder);
    }

    private static void ConfigureWebhooks(ModelBuilder builder)
    {
        builder.Entity<WebhookDelivery>(e =>
        {
            e.Property(d => d.Trigger).HasMaxLength(64);
            e.Property(d => d.BookingUid).HasMaxLength(64);
            e.Property(d => d.WebhookVersion).HasMaxLength(32);
            e.Property(d => d.DedupKey).HasMaxLength(64);
            e.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Error).HasMaxLength(2000);
            e.HasIndex(d => d.DedupKey).IsUnique();
            e.HasIndex(d => d.ReceivedAt);
            e.HasIndex(d => new { d.Outcome, d.Id });
            e.HasIndex(d => new { d.BookingUid, d.CalComCreatedAt });
        });

        builder.Entity<WebhookRejection>(e =>
        {
            e.HasKey(r => new { r.Hour, r.Reason });
            e.Property(r => r.Reason).HasMaxLength(64);
        });

        builder.Entity<Reassignment>(e =>
        {
            e.Property(r => r.Reason).HasMaxLength(2000);
            e.Property(r => r.ByUser).HasMaxLength(256);
            e.Property(r => r.Source).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(r => r.At);
            e.HasIndex(r => new { r.BookingId, r.At });
            e.HasOne(r => r.Booking).WithMany().HasForeignKey(r => r.BookingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.FromHost).WithMany().HasForeignKey(r => r.FromHostId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.ToHost).WithMany().HasForeignKey(r => r.ToHostId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
