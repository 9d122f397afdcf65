using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Audit;

/// <summary>Filters of /audit; the dates are days in the business's time zone, both ends included.</summary>
public sealed record AuditQuery(string? User = null, string? Action = null, string? EntityType = null, DateOnly? From = null, DateOnly? To = null, int Page = 0, int PageSize = 50);

public sealed record AuditRow(long Id, DateTime At, string UserName, string Action, string EntityType, string EntityId, string? Before, string? After);

public sealed record AuditFacets(IReadOnlyList<string> Users, IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes);

/// <summary>Reads the audit log, newest first, for admins and managers.</summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options)
{
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> PageAsync(ClaimsPrincipal actor, AuditQuery query, CancellationToken ct = default)
    {
        EnsureCanRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User)) entries = entries.Where(a => a.UserName == query.User);
        if (!string.IsNullOrWhiteSpace(query.Action)) entries = entries.Where(a => a.Action == query.Action);
        if (!string.IsNullOrWhiteSpace(query.EntityType)) entries = entries.Where(a => a.EntityType == query.EntityType);
        var zone = options.Value.TimeZoneInfo;
        if (query.From is { } from)
        {
            var start = Bookings.BookingTime.StartOfDayUtc(from, zone);
            entries = entries.Where(a => a.At >= start);
        }
        if (query.To is { } to)
        {
            var end = Bookings.BookingTime.StartOfDayUtc(to.AddDays(1), zone);
            entries = entries.Where(a => a.At < end);
        }
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(a => new AuditRow(a.Id, a.At, a.UserName, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The values the filters offer.</summary>
    public async Task<AuditFacets> FacetsAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        EnsureCanRead(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new AuditFacets(
            await db.AuditEntries.Select(a => a.UserName).Distinct().OrderBy(x => x).ToListAsync(ct),
            await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(x => x).ToListAsync(ct),
            await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(x => x).ToListAsync(ct));
    }

    private static void EnsureCanRead(ClaimsPrincipal actor)
    {
        if (!actor.IsInRole(Roles.Admin) && !actor.IsInRole(Roles.Manager))
            throw new UnauthorizedAccessException("Only managers and admins can read the audit log.");
    }
}
