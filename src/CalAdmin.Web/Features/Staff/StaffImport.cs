using System.Security.Claims;
using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Staff;

public enum ImportOutcome { Create, Update, Unchanged, Error }

/// <summary>What importing one line would do, or why it cannot.</summary>
public sealed record ImportLine(int Line, string? Name, string? Email, string? Department, ImportOutcome Outcome, string Note);

public sealed record ImportPreview(IReadOnlyList<ImportLine> Lines, IReadOnlyList<string> FileErrors)
{
    public bool CanApply => FileErrors.Count == 0 && Lines.Count > 0 && Lines.All(l => l.Outcome != ImportOutcome.Error);
    public int Count(ImportOutcome outcome) => Lines.Count(l => l.Outcome == outcome);
}

/// <summary>
/// Staff CSV import (columns name, email, department; header required) and export. The preview says per line what
/// would happen before anything is saved; apply refuses a file with any error and otherwise saves it in one transaction.
/// An email already in the staff list updates that person's name and department.
/// </summary>
public sealed class StaffImport(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IMappingChangeNotifier notifier)
{
    public static readonly string[] Columns = ["name", "email", "department"];
    public const int MaxLines = 5_000;

    public async Task<ImportPreview> PreviewAsync(ClaimsPrincipal actor, string csv, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await PlanAsync(db, csv, ct)).Preview;
    }

    public async Task<(ImportPreview Preview, CommandResult Result)> ApplyAsync(ClaimsPrincipal actor, string csv, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Planned again inside the transaction: the preview the admin saw may be minutes old.
            var (preview, existing) = await PlanAsync(db, csv, ct);
            if (!preview.CanApply)
                return (preview, CommandResult.Fail("Nothing was imported: fix the lines marked as errors and try again."));

            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var line in preview.Lines)
            {
                var normalized = StaffMember.NormalizeEmail(line.Email!);
                if (line.Outcome == ImportOutcome.Create)
                    db.Staff.Add(new StaffMember { Name = line.Name!, Email = line.Email!, NormalizedEmail = normalized, Department = line.Department, CreatedAt = now, UpdatedAt = now });
                else if (line.Outcome == ImportOutcome.Update && existing[normalized] is var staff)
                {
                    staff.Name = line.Name!;
                    staff.Department = line.Department;
                    staff.UpdatedAt = now;
                }
            }
            var created = preview.Count(ImportOutcome.Create);
            var updated = preview.Count(ImportOutcome.Update);
            db.AuditEntries.Add(Audit.Audit.Entry(actor, "staff.import", "Staff", "import", null, new
            {
                created, updated, unchanged = preview.Count(ImportOutcome.Unchanged),
                emails = preview.Lines.Where(l => l.Outcome is ImportOutcome.Create or ImportOutcome.Update).Select(l => l.Email).Take(100),
            }, now));
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                await tx.RollbackAsync(ct);
                return (preview, CommandResult.Fail("Nothing was imported: the staff list changed while importing (an email was added elsewhere). Preview again."));
            }
            await notifier.MappingsChangedAsync();
            return (preview, CommandResult.Ok($"Imported: {created} added, {updated} updated."));
        });
    }

    /// <summary>All staff as CSV with the import's columns (plus active), formula-looking cells neutralised.</summary>
    public async Task<string> ExportAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        StaffAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.Staff.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new { s.Name, s.Email, s.Department, s.Active }).ToListAsync(ct);
        IEnumerable<IReadOnlyList<string?>> rows = [["name", "email", "department", "active"], .. staff.Select(s => new[] { s.Name, s.Email, s.Department, s.Active ? "yes" : "no" })];
        var csv = Csv.Write(rows);
        await Audit.ExportAudit.RecordAsync(dbFactory, actor, "staff.csv", "", staff.Count, completed: true, clock.GetUtcNow().UtcDateTime);
        return csv;
    }

    private static async Task<(ImportPreview Preview, Dictionary<string, StaffMember> Existing)> PlanAsync(AppDbContext db, string csv, CancellationToken ct)
    {
        var none = new Dictionary<string, StaffMember>();
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = Csv.Read(csv);
        }
        catch (FormatException ex)
        {
            return (new ImportPreview([], [ex.Message]), none);
        }
        if (records.Count == 0) return (new ImportPreview([], ["The file is empty: it needs a header line (name,email,department) and one line per staff member."]), none);
        if (records.Count - 1 > MaxLines) return (new ImportPreview([], [$"The file has {records.Count - 1} lines; import at most {MaxLines} at a time."]), none);

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return (new ImportPreview([], [$"Line {records[0].Line}: the header lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}. The first line must name the columns: name,email,department."]), none);
        int nameAt = header.IndexOf("name"), emailAt = header.IndexOf("email"), departmentAt = header.IndexOf("department");

        var emails = records.Skip(1).Where(r => r.Fields.Count > emailAt)
            .Select(r => StaffMember.NormalizeEmail(Csv.Unneutralise(r.Fields[emailAt]))).Distinct().ToList();
        var existing = new Dictionary<string, StaffMember>();
        foreach (var chunk in emails.Chunk(500))
            foreach (var s in await db.Staff.Where(s => chunk.Contains(s.NormalizedEmail)).ToListAsync(ct))
                existing[s.NormalizedEmail] = s;

        var seen = new Dictionary<string, int>();
        var lines = new List<ImportLine>();
        foreach (var record in records.Skip(1))
        {
            string? Field(int at) => at < record.Fields.Count ? Csv.Unneutralise(record.Fields[at]).Trim() : null;
            var (name, email, department) = (Field(nameAt), Field(emailAt), Field(departmentAt));
            department = string.IsNullOrEmpty(department) ? null : department;
            ImportLine Error(string note) => new(record.Line, name, email, department, ImportOutcome.Error, note);

            if (record.Fields.Count < header.Count)
            {
                lines.Add(Error($"Missing column: the line has {record.Fields.Count} value{(record.Fields.Count == 1 ? "" : "s")}, the header names {header.Count}."));
                continue;
            }
            if (StaffDirectory.Validate(new StaffInput(name!, email!, department)) is { } invalid)
            {
                lines.Add(Error(invalid));
                continue;
            }
            var normalized = StaffMember.NormalizeEmail(email!);
            if (seen.TryGetValue(normalized, out var firstLine))
            {
                lines.Add(Error($"Duplicate: {email} is already on line {firstLine} of this file."));
                continue;
            }
            seen[normalized] = record.Line;

            if (existing.TryGetValue(normalized, out var staff))
                lines.Add(staff.Name == name && staff.Department == department
                    ? new ImportLine(record.Line, name, email, department, ImportOutcome.Unchanged, $"Already in the staff list as {staff.Name}; nothing to change.")
                    : new ImportLine(record.Line, name, email, department, ImportOutcome.Update,
                        $"Already in the staff list: updates name/department (was {staff.Name}, {staff.Department ?? "no department"}){(staff.Active ? "" : "; stays inactive")}."));
            else
                lines.Add(new ImportLine(record.Line, name, email, department, ImportOutcome.Create, "New staff member."));
        }
        return (new ImportPreview(lines, lines.Count == 0 ? ["The file has a header but no staff lines."] : []), existing);
    }
}
