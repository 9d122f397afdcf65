using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>How a host is shown: the mapped staff member's name, else Cal.com's name flagged as unmapped.</summary>
public sealed record HostLabel(int HostId, string Name, bool Mapped, string CalComName, bool Active)
{
    public static HostLabel Unknown(int hostId) => new(hostId, $"Host {hostId}", false, $"Host {hostId}", false);
}

/// <summary>Host → staff names for a whole page at once. The team is small (hosts number in the tens), bookings are not.</summary>
public static class HostLabels
{
    public static async Task<Dictionary<int, HostLabel>> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking()
            .Select(h => new { h.Id, h.CalComUserId, h.Name, h.Username, h.Email, h.Active })
            .ToListAsync(ct);
        var staffByCalComId = await db.StaffMappings.AsNoTracking()
            .Where(m => m.ExternalSystem == StaffMapping.CalComSystem)
            .Select(m => new { m.ExternalId, m.Staff.Name })
            .ToDictionaryAsync(m => m.ExternalId, m => m.Name, ct);

        return hosts.ToDictionary(h => h.Id, h =>
        {
            var calComName = h.Name ?? h.Username ?? h.Email ?? $"Cal.com user {h.CalComUserId}";
            return staffByCalComId.TryGetValue(h.CalComUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var staff)
                ? new HostLabel(h.Id, staff, true, calComName, h.Active)
                : new HostLabel(h.Id, calComName, false, calComName, h.Active);
        });
    }

    public static HostLabel For(this IReadOnlyDictionary<int, HostLabel> labels, int hostId) =>
        labels.TryGetValue(hostId, out var label) ? label : HostLabel.Unknown(hostId);
}
