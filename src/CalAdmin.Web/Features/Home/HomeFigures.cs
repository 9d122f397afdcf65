using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Home;

public sealed record HomeFiguresResult(
    int BookingsToday,
    int BookingsThisWeek,
    int ActiveHosts,
    int HostsWithoutStaff,
    int TotalBookings,
    DateTime? LastSyncAt,
    bool? LastSyncSucceeded,
    string? LastSyncError,
    string TimeZone);

/// <summary>The figures on the home page, each one query over the mirror; "today" and "this week" are in the business's time zone.</summary>
public sealed class HomeFigures(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock)
{
    public static readonly BookingStatus[] LiveStatuses = [BookingStatus.Accepted, BookingStatus.Pending, BookingStatus.AwaitingPayment];

    public async Task<HomeFiguresResult> LoadAsync(CancellationToken ct = default)
    {
        var zone = options.Value.TimeZoneInfo;
        var (dayStart, dayEnd, weekStart, weekEnd) = Ranges(clock.GetUtcNow(), zone);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = db.Bookings.Where(b => LiveStatuses.Contains(b.Status));
        var today = await live.CountAsync(b => b.StartUtc >= dayStart && b.StartUtc < dayEnd, ct);
        var week = await live.CountAsync(b => b.StartUtc >= weekStart && b.StartUtc < weekEnd, ct);
        var total = await db.Bookings.CountAsync(ct);
        var activeHosts = await db.Hosts.CountAsync(h => h.Active, ct);
        var unmapped = await db.Hosts.CountAsync(h => h.Active && !db.StaffMappings.Any(m =>
            m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString()), ct);
        var lastSync = await db.SyncRuns.Where(r => r.FinishedAt != null).OrderByDescending(r => r.FinishedAt)
            .Select(r => new { r.FinishedAt, r.Succeeded, r.Error }).FirstOrDefaultAsync(ct);

        return new HomeFiguresResult(today, week, activeHosts, unmapped, total, lastSync?.FinishedAt, lastSync?.Succeeded, lastSync?.Error, zone.Id);
    }

    /// <summary>Today and the current Monday-to-Sunday week in <paramref name="zone"/>, as UTC ranges.</summary>
    public static (DateTime DayStart, DateTime DayEnd, DateTime WeekStart, DateTime WeekEnd) Ranges(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = BookingTime.LocalDay(now.UtcDateTime, zone);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (BookingTime.StartOfDayUtc(today, zone), BookingTime.StartOfDayUtc(today.AddDays(1), zone),
            BookingTime.StartOfDayUtc(monday, zone), BookingTime.StartOfDayUtc(monday.AddDays(7), zone));
    }
}
