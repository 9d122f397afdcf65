using System.Security.Claims;
using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Audit;

/// <summary>
/// Exports carry personal data out of CalAdmin, so each one leaves an audit row: who, which export, the filter as it
/// was asked for, and how many rows went out (also when the download was broken off, with what was sent so far).
/// </summary>
public static class ExportAudit
{
    public const string Action = "export";

    public static async Task RecordAsync(IDbContextFactory<AppDbContext> dbFactory, ClaimsPrincipal actor, string export, string filter,
        int rows, bool completed, DateTime at)
    {
        // Not the request's token: a download broken off by the client is recorded all the same.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(Audit.Entry(actor, Action, "Export", export, null, new { filter, rows, completed }, at));
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

/// <summary>Rows written so far by an export, read by its audit once the download ends.</summary>
public sealed class RowCount
{
    public int Rows { get; set; }
    public bool Completed { get; set; }
}
