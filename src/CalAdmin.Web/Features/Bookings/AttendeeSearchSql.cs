namespace CalAdmin.Web.Features.Bookings;

/// <summary>The SQLite DDL of <see cref="AttendeeSearch"/>'s FTS5 table and triggers, each version its migrations use.</summary>
public static class AttendeeSearchSql
{
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

    /// <summary>The second version (migration AttendeeSearchPerBooking): one row per booking, its rowid the booking's id.</summary>
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
    /// The current version (migration AttendeeSearchByStart): one row per booking whose rowid is the booking's
    /// <see cref="AttendeeSearch.KeyOf"/>: its start in whole seconds from 2020 (clamped to ±2^32), times 2^31, plus its
    /// id. The rowid order is the list's order by start, so a search's page is read from the index in order and stops
    /// after the page; a booking's id is the rowid's low 31 bits. Triggers on Attendees write a booking's row again from
    /// its attendees; triggers on Bookings move it when the start changes and remove it with the booking.
    /// </summary>
    public static readonly string CreateByStartSql = $"""
        CREATE VIRTUAL TABLE AttendeeSearch USING fts5(Text, tokenize='trigram');
        CREATE TRIGGER Attendees_AttendeeSearch_Insert AFTER INSERT ON Attendees BEGIN
            {Rewrite("new.BookingId")}
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Delete AFTER DELETE ON Attendees BEGIN
            {Rewrite("old.BookingId")}
        END;
        CREATE TRIGGER Attendees_AttendeeSearch_Update AFTER UPDATE OF Name, Email, BookingId ON Attendees BEGIN
            {Rewrite("old.BookingId")}
            {Rewrite("new.BookingId")}
        END;
        CREATE TRIGGER Bookings_AttendeeSearch_Move AFTER UPDATE OF StartUtc ON Bookings WHEN {Key("old")} <> {Key("new")} BEGIN
            INSERT INTO AttendeeSearch(rowid, Text) SELECT {Key("new")}, Text FROM AttendeeSearch WHERE rowid = {Key("old")};
            DELETE FROM AttendeeSearch WHERE rowid = {Key("old")};
        END;
        CREATE TRIGGER Bookings_AttendeeSearch_Delete AFTER DELETE ON Bookings BEGIN
            DELETE FROM AttendeeSearch WHERE rowid = {Key("old")};
        END;
        INSERT INTO AttendeeSearch(rowid, Text)
            SELECT {Key("b")}, group_concat(a.Name || ' ' || a.Email, char(10))
            FROM Attendees AS a JOIN Bookings AS b ON b.Id = a.BookingId GROUP BY a.BookingId;
        """;

    public const string DropByStartSql = """
        DROP TRIGGER IF EXISTS Bookings_AttendeeSearch_Delete;
        DROP TRIGGER IF EXISTS Bookings_AttendeeSearch_Move;
        """ + DropSql;

    /// <summary>The rowid of the booking <paramref name="booking"/> (a table alias, or old/new in a trigger), in SQL.</summary>
    private static string Key(string booking) =>
        $"(max(-{AttendeeSearch.MaxSeconds}, min({AttendeeSearch.MaxSeconds}, CAST(strftime('%s', {booking}.StartUtc) AS INTEGER) - {AttendeeSearch.EpochSeconds})) * {AttendeeSearch.IdSpan} + {booking}.Id)";

    /// <summary>Writes the row of the booking <paramref name="bookingId"/> again from its attendees (none when it has none, or is gone).</summary>
    private static string Rewrite(string bookingId) => $"""
        DELETE FROM AttendeeSearch WHERE rowid = (SELECT {Key("b")} FROM Bookings AS b WHERE b.Id = {bookingId});
            INSERT INTO AttendeeSearch(rowid, Text)
                SELECT {Key("b")}, group_concat(a.Name || ' ' || a.Email, char(10))
                FROM Attendees AS a JOIN Bookings AS b ON b.Id = a.BookingId WHERE a.BookingId = {bookingId} GROUP BY a.BookingId;
        """;
}
