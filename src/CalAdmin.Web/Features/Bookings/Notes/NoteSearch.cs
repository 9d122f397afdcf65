using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Notes;

/// <summary>
/// Finds notes by any part of their text. On SQLite an FTS5 trigram index over BookingNotes (kept by triggers, created
/// by the migration BookingNotes) answers terms of three characters or more without reading the notes; shorter terms,
/// and SQL Server, scan the notes table, which holds only what staff typed (a few rows per booking at most).
/// </summary>
public static class NoteSearch
{
    public const string CreateSql = """
        CREATE VIRTUAL TABLE BookingNoteSearch USING fts5(Text, content='BookingNotes', content_rowid='Id', tokenize='trigram');
        CREATE TRIGGER BookingNotes_Search_Insert AFTER INSERT ON BookingNotes BEGIN
            INSERT INTO BookingNoteSearch(rowid, Text) VALUES (new.Id, new.Text);
        END;
        CREATE TRIGGER BookingNotes_Search_Delete AFTER DELETE ON BookingNotes BEGIN
            INSERT INTO BookingNoteSearch(BookingNoteSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
        END;
        CREATE TRIGGER BookingNotes_Search_Update AFTER UPDATE OF Text ON BookingNotes BEGIN
            INSERT INTO BookingNoteSearch(BookingNoteSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
            INSERT INTO BookingNoteSearch(rowid, Text) VALUES (new.Id, new.Text);
        END;
        """;

    public const string DropSql = """
        DROP TRIGGER IF EXISTS BookingNotes_Search_Update;
        DROP TRIGGER IF EXISTS BookingNotes_Search_Delete;
        DROP TRIGGER IF EXISTS BookingNotes_Search_Insert;
        DROP TABLE IF EXISTS BookingNoteSearch;
        """;

    public static IQueryable<int> BookingIds(AppDbContext db, string term)
    {
        if (db.Database.IsSqlite() && term.Length >= 3)
        {
            var phrase = "\"" + term.Replace("\"", "\"\"") + "\"";
            var noteIds = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM BookingNoteSearch WHERE BookingNoteSearch MATCH {phrase}");
            return db.BookingNotes.Where(n => noteIds.Contains(n.Id)).Select(n => n.BookingId);
        }
        var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";
        return db.BookingNotes.Where(n => EF.Functions.Like(n.Text, pattern, "\\")).Select(n => n.BookingId);
    }
}
