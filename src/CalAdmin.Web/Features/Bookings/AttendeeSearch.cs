using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// The attendee search of the bookings list. On SQLite, an FTS5 table with the trigram tokenizer holds one row per
/// booking (its rowid is the booking's id): the names and emails of all its attendees, kept current by triggers on
/// Attendees. A search for any part of three characters or more then yields booking ids straight from the index,
/// with no lookup per matching attendee; shorter terms, and SQL Server, use <c>LIKE '%term%'</c> per booking.
/// </summary>
public static class AttendeeSearch
{
    public const string Table = "AttendeeSearch";

    /// <summary>The first version (migration BookingListIndexes): one row per attendee.</summary>
    public const string CreatePerAttendeeSql = """
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

    /// <summary>The current version (migration AttendeeSearchPerBooking): one row per booking.</summary>
    public const string CreatePerBookingSql = """
        CREATE VIRTUAL TABLE AttendeeSearch USING fts5(Text, tokenize='trigram');
        CREATE TRIGGER Attendees_AttendeeSearch_Insert AFTER INSERT ON Attendees BEGIN
            DELETE FROM AttendeeSearch WHERE rowid = new.BookingId;
            INSERT INTO AttendeeSearch(rowid, Text)
                SELECT BookingId, group_concat(Name || ' ' || Email, char(10)) FROM Attendees WHERE BookingId = new.BookingId GROUP BY BookingId;
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Delete AFTER DELETE ON Attendees BEGIN
            DELETE FROM AttendeeSearch WHERE rowid = old.BookingId;
            INSERT INTO AttendeeSearch(rowid, Text)
                SELECT BookingId, group_concat(Name || ' ' || Email, char(10)) FROM Attendees WHERE BookingId = old.BookingId GROUP BY BookingId;
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Update AFTER UPDATE OF Name, Email, BookingId ON Attendees BEGIN
            DELETE FROM AttendeeSearch WHERE rowid IN (old.BookingId, new.BookingId);
            INSERT INTO AttendeeSearch(rowid, Text)
                SELECT BookingId, group_concat(Name || ' ' || Email, char(10)) FROM Attendees WHERE BookingId IN (old.BookingId, new.BookingId) GROUP BY BookingId;
        END;
        INSERT INTO AttendeeSearch(rowid, Text) SELECT BookingId, group_concat(Name || ' ' || Email, char(10)) FROM Attendees GROUP BY BookingId;
        """;

    public const string DropSql = """
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Update;
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Delete;
        DROP TRIGGER IF EXISTS Attendees_AttendeeSearch_Insert;
        DROP TABLE IF EXISTS AttendeeSearch;
        """;

    /// <summary>
    /// The bookings of <paramref name="bookings"/> with an attendee whose name or email contains <paramref name="term"/>,
    /// or whose id is in <paramref name="alsoIds"/> (found another way: see <see cref="BookingSearch"/>).
    /// </summary>
    public static IQueryable<Booking> Matching(AppDbContext db, IQueryable<Booking> bookings, string term, IQueryable<int>? alsoIds = null)
    {
        if (db.Database.IsSqlite() && term.Length >= 3)
        {
            // A quoted FTS5 string is matched as a substring by the trigram tokenizer, case-insensitively.
            var bookingIds = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM AttendeeSearch WHERE AttendeeSearch MATCH {Phrase(term)}");
            return alsoIds is null
                ? bookings.Where(b => bookingIds.Contains(b.Id))
                : bookings.Where(b => bookingIds.Contains(b.Id) || alsoIds.Contains(b.Id));
        }
        // Per booking, so that other filters narrow the bookings first.
        var pattern = "%" + EscapeLike(term) + "%";
        if (alsoIds is null)
            return bookings.Where(b => db.Attendees.Any(a => a.BookingId == b.Id
                && (EF.Functions.Like(a.Name, pattern, "\\") || EF.Functions.Like(a.Email, pattern, "\\"))));
        return bookings.Where(b => alsoIds.Contains(b.Id) || db.Attendees.Any(a => a.BookingId == b.Id
            && (EF.Functions.Like(a.Name, pattern, "\\") || EF.Functions.Like(a.Email, pattern, "\\"))));
    }

    /// <summary>
    /// How many bookings have an attendee matching <paramref name="term"/>, counted in the index alone, when the index
    /// can answer it (SQLite, three characters or more); else null. Every index row is a booking (the triggers keep it
    /// so), so with no other filter this is the list's total, without a lookup per matching booking.
    /// </summary>
    /// <param name="limit">The count stops here (the list's cap plus one).</param>
    public static async Task<int?> CountInIndexAsync(AppDbContext db, string term, int limit, CancellationToken ct)
    {
        if (!db.Database.IsSqlite() || term.Length < 3) return null;
        return await db.Database.SqlQuery<int>(
            $"SELECT count(*) AS Value FROM (SELECT 1 FROM AttendeeSearch WHERE AttendeeSearch MATCH {Phrase(term)} LIMIT {limit})").SingleAsync(ct);
    }

    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}
