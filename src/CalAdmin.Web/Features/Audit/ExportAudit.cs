using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// A CSV download (UTF-8 with a byte-order mark, for spreadsheets) written by <paramref name="write"/>, audited once it
    /// ends, completed or broken off.
    /// </summary>
    public static PushStreamHttpResult Csv(IDbContextFactory<AppDbContext> dbFactory, ClaimsPrincipal actor, TimeProvider clock, string export, string filter,
        string fileName, Func<StreamWriter, RowCount, Task> write) => TypedResults.Stream(async body =>
        {
            var written = new RowCount();
            try
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
                await write(writer, written);
                written.Completed = true;
            }
            finally
            {
                await RecordAsync(dbFactory, actor, export, filter, written.Rows, written.Completed, clock.GetUtcNow().UtcDateTime);
            }
        }, "text/csv; charset=utf-8", fileName);

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
