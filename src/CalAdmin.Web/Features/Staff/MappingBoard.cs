using System.Security.Claims;
using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Staff;

public enum MappingState { Mapped, HostWithoutStaff, StaffWithoutHost, Orphaned }

/// <summary>The chips above the mapping table; each one is also a filter of it.</summary>
public enum MappingFilter { All, Mapped, HostsWithoutStaff, StaffWithoutHost, Orphaned, Conflicts, AwaitingReview }

/// <summary>
/// One line of the mapping table: a mapping (with its host, if the host still exists), an active host nobody is mapped to,
/// or an active staff member with no Cal.com user.
/// </summary>
public sealed record MappingRow(
    string Key, MappingState State,
    int? MappingId, Guid? Version, MappingMethod? Method, string? CreatedBy, DateTime? CreatedAt, string? UpdatedBy, DateTime? UpdatedAt,
    int? HostId, string? CalComUserId, string? HostName, string? HostEmail, string? HostUsername, bool HostActive,
    int? StaffId, string? StaffName, string? StaffEmail, bool StaffActive,
    bool SharedHostEmail, bool EmailDiffers, bool AwaitingReview)
{
    public bool Conflict => SharedHostEmail || EmailDiffers;
}

public sealed record MappingHealth(int Mapped, int HostsWithoutStaff, int StaffWithoutHost, int Orphaned, int Conflicts, int SharedHostEmails, int EmailMismatches, int AwaitingReview)
{
    public int this[MappingFilter filter] => filter switch
    {
        MappingFilter.Mapped => Mapped,
        MappingFilter.HostsWithoutStaff => HostsWithoutStaff,
        MappingFilter.StaffWithoutHost => StaffWithoutHost,
        MappingFilter.Orphaned => Orphaned,
        MappingFilter.Conflicts => Conflicts,
        MappingFilter.AwaitingReview => AwaitingReview,
        _ => Mapped + HostsWithoutStaff + StaffWithoutHost + Orphaned,
    };
}

public sealed record MappingBoardPage(MappingHealth Health, IReadOnlyList<MappingRow> Rows, int Total);

/// <summary>
/// Reads the mapping table and its health for /mappings (admins). The set is bounded by the team's size (one row per
/// Cal.com host or staff member), so it is read as three narrow projections and classified in memory.
/// </summary>
public sealed class MappingBoard(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<MappingBoardPage> LoadAsync(ClaimsPrincipal actor, MappingFilter filter = MappingFilter.All, string? search = null,
        int page = 0, int pageSize = 50, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        var rows = await RowsAsync(ct);
        var health = new MappingHealth(
            rows.Count(r => r.State == MappingState.Mapped),
            rows.Count(r => r.State == MappingState.HostWithoutStaff),
            rows.Count(r => r.State == MappingState.StaffWithoutHost),
            rows.Count(r => r.State == MappingState.Orphaned),
            rows.Count(r => r.Conflict),
            rows.Count(r => r.SharedHostEmail),
            rows.Count(r => r.EmailDiffers),
            rows.Count(r => r.AwaitingReview));

        IEnumerable<MappingRow> shown = filter switch
        {
            MappingFilter.Mapped => rows.Where(r => r.State == MappingState.Mapped),
            MappingFilter.HostsWithoutStaff => rows.Where(r => r.State == MappingState.HostWithoutStaff),
            MappingFilter.StaffWithoutHost => rows.Where(r => r.State == MappingState.StaffWithoutHost),
            MappingFilter.Orphaned => rows.Where(r => r.State == MappingState.Orphaned),
            MappingFilter.Conflicts => rows.Where(r => r.Conflict),
            MappingFilter.AwaitingReview => rows.Where(r => r.AwaitingReview),
            _ => rows,
        };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            shown = shown.Where(r => new[] { r.HostName, r.HostEmail, r.HostUsername, r.StaffName, r.StaffEmail, r.CalComUserId }
                .Any(v => v?.Contains(term, StringComparison.OrdinalIgnoreCase) == true));
        }
        var list = shown.ToList();
        return new MappingBoardPage(health, list.Skip(page * pageSize).Take(pageSize).ToList(), list.Count);
    }

    private async Task<List<MappingRow>> RowsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hosts = await db.Hosts.AsNoTracking()
            .Select(h => new { h.Id, h.CalComUserId, h.Name, h.Username, h.Email, h.NormalizedEmail, h.Active, h.NeedsReview })
            .ToListAsync(ct);
        var mappings = await db.StaffMappings.AsNoTracking().Where(m => m.ExternalSystem == StaffMapping.CalComSystem)
            .Select(m => new
            {
                m.Id, m.Version, m.Method, m.ExternalId, m.ExternalUsername, m.CreatedBy, m.CreatedAt, m.UpdatedBy, m.UpdatedAt,
                m.StaffId, StaffName = m.Staff.Name, StaffEmail = m.Staff.Email, StaffNormalizedEmail = m.Staff.NormalizedEmail, StaffActive = m.Staff.Active,
            })
            .ToListAsync(ct);
        var mappedStaff = mappings.Select(m => m.StaffId).ToHashSet();
        var unmappedStaff = await db.Staff.AsNoTracking().Where(s => s.Active)
            .Select(s => new { s.Id, s.Name, s.Email }).ToListAsync(ct);

        var hostByUserId = hosts.ToDictionary(h => h.CalComUserId.ToString());
        var sharedEmails = hosts.Where(h => h.Active && !string.IsNullOrEmpty(h.NormalizedEmail))
            .GroupBy(h => h.NormalizedEmail!).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        bool Shared(string? email) => email is not null && sharedEmails.Contains(email);

        var rows = new List<MappingRow>();
        foreach (var m in mappings)
        {
            var host = hostByUserId.GetValueOrDefault(m.ExternalId);
            var live = host is { Active: true };
            rows.Add(new MappingRow($"m{m.Id}", live ? MappingState.Mapped : MappingState.Orphaned,
                m.Id, m.Version, m.Method, m.CreatedBy, m.CreatedAt, m.UpdatedBy, m.UpdatedAt,
                host?.Id, m.ExternalId, host?.Name, host?.Email, host?.Username ?? m.ExternalUsername, live,
                m.StaffId, m.StaffName, m.StaffEmail, m.StaffActive,
                SharedHostEmail: live && Shared(host!.NormalizedEmail),
                EmailDiffers: live && host!.NormalizedEmail is not null && host.NormalizedEmail != m.StaffNormalizedEmail,
                AwaitingReview: m.Method == MappingMethod.CreatedFromWebhook || host?.NeedsReview == true));
        }
        var mappedUserIds = mappings.Select(m => m.ExternalId).ToHashSet();
        foreach (var h in hosts.Where(h => h.Active && !mappedUserIds.Contains(h.CalComUserId.ToString())))
            rows.Add(new MappingRow($"h{h.Id}", MappingState.HostWithoutStaff, null, null, null, null, null, null, null,
                h.Id, h.CalComUserId.ToString(), h.Name, h.Email, h.Username, true, null, null, null, false,
                SharedHostEmail: Shared(h.NormalizedEmail), EmailDiffers: false, AwaitingReview: h.NeedsReview));
        foreach (var s in unmappedStaff.Where(s => !mappedStaff.Contains(s.Id)))
            rows.Add(new MappingRow($"s{s.Id}", MappingState.StaffWithoutHost, null, null, null, null, null, null, null,
                null, null, null, null, null, false, s.Id, s.Name, s.Email, true, false, false, false));

        // Problems first, then by name, so the table opens on what needs an admin.
        return rows.OrderBy(r => r.State switch { MappingState.Orphaned => 0, MappingState.HostWithoutStaff => 1, MappingState.Mapped => 2, _ => 3 })
            .ThenByDescending(r => r.Conflict || r.AwaitingReview)
            .ThenBy(r => r.HostName ?? r.StaffName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
