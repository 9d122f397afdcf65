using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// One host of one booking, as <see cref="InsightsQuery"/> counts it: a narrow copy of the booking's counted columns, kept
/// in step with the mirror in the same transaction as the booking's own rows (<see cref="InsightsFactsUpkeep"/>). Instants
/// are stored as whole Unix seconds and the status as a number, so a period of a million-booking mirror is one range of
/// one index, read without a join and without parsing a date or a status string per row.
/// </summary>
public sealed class InsightsFact
{
    public int BookingId { get; set; }
    public int HostId { get; set; }
    public int? EventTypeId { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    /// <summary>When the booking was made: Cal.com's createdAt, else when CalAdmin first saw it.</summary>
    public DateTime CreatedUtc { get; set; }
    public BookingStatus Status { get; set; }
    /// <summary>Cal.com reported the meeting ended (it may also have ended by time: <see cref="EndUtc"/>).</summary>
    public bool MeetingEnded { get; set; }
    /// <summary>This host did not show: their own flag, or the booking's host flag for its first host.</summary>
    public bool HostAbsent { get; set; }
    /// <summary>An attendee of the booking did not show.</summary>
    public bool AttendeeAbsent { get; set; }
    /// <summary>The booking is the new one of a reschedule: not counted as made (created) again.</summary>
    public bool Rebooked { get; set; }
}

/// <summary>
/// A UTC day of <see cref="InsightsFact"/> start times and a number that changes whenever a fact of that day is written or
/// removed: a server's <see cref="InsightsFactsCache"/> reads a day's facts again only when its version moved.
/// </summary>
public sealed class InsightsDay
{
    /// <summary>Days since 1 January 1970 (UTC).</summary>
    public int Day { get; set; }
    public long Version { get; set; }
}

internal static class InsightsFactsModel
{
    /// <summary>The UTC day of a Unix second.</summary>
    public static int DayOf(long unixSeconds) => (int)Math.Floor(unixSeconds / 86400.0);

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>A UTC instant as whole seconds since 1970 (truncated, as SQL's strftime('%s') and DATEDIFF_BIG do).</summary>
    public static long ToUnixSeconds(DateTime utc) => (utc.Ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond;

    private sealed class UnixSecondsConverter() : ValueConverter<DateTime, long>(
        v => (v.Ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond,
        v => new DateTime(UnixEpochTicks + v * TimeSpan.TicksPerSecond, DateTimeKind.Utc));

    public static void Configure(ModelBuilder builder) => builder.Entity<InsightsFact>(e =>
    {
        e.HasKey(f => new { f.BookingId, f.HostId });
        e.Property(f => f.StartUtc).HasConversion<UnixSecondsConverter>();
        e.Property(f => f.EndUtc).HasConversion<UnixSecondsConverter>();
        e.Property(f => f.CreatedUtc).HasConversion<UnixSecondsConverter>();
        e.Property(f => f.Status).HasConversion<int>();
        // The periods by start, and what was made in them by when it was made: each index holds every column its query
        // reads, so neither reads the table.
        e.HasIndex(f => new { f.StartUtc, f.BookingId, f.HostId, f.EventTypeId, f.EndUtc, f.CreatedUtc, f.Status, f.MeetingEnded, f.HostAbsent, f.AttendeeAbsent, f.Rebooked })
            .HasDatabaseName("IX_InsightsFacts_Start");
        e.HasIndex(f => new { f.CreatedUtc, f.StartUtc, f.Rebooked, f.BookingId, f.HostId, f.EventTypeId })
            .HasDatabaseName("IX_InsightsFacts_Created");
        e.HasOne<Booking>().WithMany().HasForeignKey(f => f.BookingId).OnDelete(DeleteBehavior.Cascade);
    });

    public static void ConfigureDays(ModelBuilder builder) => builder.Entity<InsightsDay>(e =>
    {
        e.HasKey(d => d.Day);
        e.Property(d => d.Day).ValueGeneratedNever();
    });
}
