using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// The attendee search of the bookings list. On SQLite, an FTS5 table with the trigram tokenizer indexes every
/// attendee's name and email (created by the BookingListIndexes migration, kept current by triggers), so a search
/// for any part of three characters or more reads the matching attendees only instead of every attendee; shorter
/// terms, and SQL Server, use <c>LIKE '%term%'</c>.
/// </summary>
public static class AttendeeSearch
{
    public const string Table = "AttendeeSearch";

    public const string CreateSql = """
        CREATE VIRTUAL TABLE AttendeeSearch USING fts5(Name, Email, content='Attendees', content_rowid='Id', tokenize='trigram');
        CREATE TRIGGER Attendees_AttendeeSearch_Insert AFTER INSERT ON Attendees BEGIN
            INSERT INTO AttendeeSearch(rowid, Name, Email) VALUES (new.Id, new.Name, new.Email);
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Delete AFTER DELETE ON Attendees BEGIN
            INSERT INTO AttendeeSearch(AttendeeSearch, rowid, Name, Email) VALUES ('delete', old.Id, old.Name, old.Email);
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Update AFTER UPDATE OF Name, Email ON Attendees BEGIN
            INSERT INTO AttendeeSearch(AttendeeSearch, rowid, Name, Email) VALUES ('delete', old.Id, old.Name, old.Email);
            INSERT INTO AttendeeSearch(rowid, Name, Email) VALUES (new.Id, new.Name, new.Email);
        END;
        INSERT INTO AttendeeSearch(AttendeeSearch) VALUES ('rebuild');
        """;

    public const string DropSql = """
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Update;
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Delete;
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Insert;
        DROP TABLE IF EXISTS AttendeeSearch;
        """;

    /// <summary>The bookings of <paramref name="bookings"/> with an attendee whose name or email contains <paramref name="term"/>.</summary>
    public static IQueryable<Booking> Matching(AppDbContext db, IQueryable<Booking> bookings, string term)
    {
        if (db.Database.IsSqlite() && term.Length >= 3)
        {
            // A quoted FTS5 string is matched as a substring by the trigram tokenizer, case-insensitively.
            var phrase = "\"" + term.Replace("\"", "\"\"") + "\"";
            var attendeeIds = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM AttendeeSearch WHERE AttendeeSearch MATCH {phrase}");
            var bookingIds = db.Attendees.Where(a => attendeeIds.Contains(a.Id)).Select(a => a.BookingId);
            return bookings.Where(b => bookingIds.Contains(b.Id));
        }
        // Per booking, so that other filters narrow the bookings first.
        var pattern = "%" + EscapeLike(term) + "%";
        return bookings.Where(b => db.Attendees.Any(a => a.BookingId == b.Id
            && (EF.Functions.Like(a.Name, pattern, "\\") || EF.Functions.Like(a.Email, pattern, "\\"))));
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}
