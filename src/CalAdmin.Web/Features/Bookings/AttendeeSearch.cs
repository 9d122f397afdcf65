using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// The attendee search of the bookings list. On SQLite, an FTS5 table with the trigram tokenizer holds one row per
/// booking: the names and emails of all its attendees, kept current by triggers (<see cref="AttendeeSearchSql"/>). Its
/// rowid is the booking's <see cref="KeyOf">start key</see>, so a search for any part of three characters or more yields
/// the matching bookings from the index in the list's order by start, within a range of starts, and stops after the page;
/// shorter terms, and SQL Server, use <c>LIKE '%term%'</c> per booking.
/// </summary>
public static class AttendeeSearch
{
    /// <summary>Keys count seconds from 1 January 2020 (UTC).</summary>
    public const long EpochSeconds = 1_577_836_800;
    /// <summary>Starts further than this many seconds from 2020 (about 136 years) share the key of the bound.</summary>
    public const long MaxSeconds = 4_294_967_295;
    /// <summary>A booking id (a positive int) fits below this.</summary>
    public const long IdSpan = 2_147_483_648;
    private const long IdMask = IdSpan - 1;

    /// <summary>Whether the index answers this term here (SQLite, three characters or more).</summary>
    public static bool Indexed(AppDbContext db, string term) => db.Database.IsSqlite() && term.Length >= 3;

    /// <summary>
    /// The rowid of a booking that starts at <paramref name="startUtc"/> with id <paramref name="bookingId"/>, as the
    /// triggers write it (whole seconds, as SQLite's strftime('%s') truncates); with id 0, the first key of that second.
    /// </summary>
    public static long KeyOf(DateTime startUtc, int bookingId = 0)
    {
        var seconds = (startUtc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond - EpochSeconds;
        return Math.Clamp(seconds, -MaxSeconds, MaxSeconds) * IdSpan + bookingId;
    }

    /// <summary>
    /// The ids of the bookings with an attendee whose name or email contains <paramref name="term"/> (SQLite only), those
    /// that start in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) when given (to the second).
    /// </summary>
    public static IQueryable<int> BookingIds(AppDbContext db, string term, DateTime? fromUtc = null, DateTime? toUtc = null) =>
        Keys(db, term, fromUtc, toUtc).Select(k => (int)(k & IdMask));

    /// <summary>
    /// The bookings of <paramref name="bookings"/> with an attendee whose name or email contains <paramref name="term"/>,
    /// or whose id is in <paramref name="alsoIds"/> (found another way: see <see cref="BookingSearch"/>). When the view
    /// shows only starts in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), the index yields only that range's
    /// matches.
    /// </summary>
    public static IQueryable<Booking> Matching(AppDbContext db, IQueryable<Booking> bookings, string term, IQueryable<int>? alsoIds = null,
        DateTime? fromUtc = null, DateTime? toUtc = null)
    {
        if (Indexed(db, term))
        {
            var bookingIds = BookingIds(db, term, fromUtc, toUtc);
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
    /// The bookings of <paramref name="bookings"/> whose attendees match <paramref name="term"/> (only when
    /// <see cref="Indexed"/>), in order of start (then id), read from the index in that order: the index drives, each match
    /// is checked against the other filters by its id, and a page stops after its rows. Starts in
    /// [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) narrow the index's range first (the bookings' own filter
    /// still decides, to the tick).
    /// </summary>
    public static IQueryable<Booking> InStartOrder(AppDbContext db, IQueryable<Booking> bookings, string term, DateTime? fromUtc, DateTime? toUtc, bool descending)
    {
        var matches = Keys(db, term, fromUtc, toUtc).Join(bookings, k => (int)(k & IdMask), b => b.Id, (k, b) => new { Key = k, Booking = b });
        return (descending ? matches.OrderByDescending(m => m.Key) : matches.OrderBy(m => m.Key)).Select(m => m.Booking);
    }

    /// <summary>
    /// How many bookings have an attendee matching <paramref name="term"/>, counted in the index alone, when the index
    /// can answer it (SQLite, three characters or more); else null. Every index row is a booking (the triggers keep it
    /// so), so with no other filter this is the list's total, without a lookup per matching booking.
    /// </summary>
    /// <param name="limit">The count stops here (the list's cap plus one).</param>
    public static async Task<int?> CountInIndexAsync(AppDbContext db, string term, int limit, CancellationToken ct) =>
        Indexed(db, term) ? await Keys(db, term, null, null).Take(limit).CountAsync(ct) : null;

    /// <summary>The keys of the bookings whose attendees match, with a start in [from, to) to the second (a range wider by up to a second when they are not whole seconds).</summary>
    private static IQueryable<long> Keys(AppDbContext db, string term, DateTime? fromUtc, DateTime? toUtc)
    {
        // A quoted FTS5 string is matched as a substring by the trigram tokenizer, case-insensitively; the rowid bounds are
        // constraints FTS5 applies itself while it reads the index.
        var low = fromUtc is { } f ? KeyOf(f) : long.MinValue;
        var last = toUtc is { } t ? KeyOf(t.AddTicks(TimeSpan.TicksPerSecond - 1)) - 1 : long.MaxValue;
        return db.Database.SqlQuery<IndexRow>($"SELECT rowid AS Key FROM AttendeeSearch WHERE AttendeeSearch MATCH {Phrase(term)} AND rowid >= {low} AND rowid <= {last}")
            .Select(r => r.Key);
    }

    /// <summary>
    /// A row of the index as a type of its own rather than a scalar query: EF wraps a scalar query's column in a CAST
    /// wherever it is used, and FTS5 reads its rows in rowid order for an ORDER BY on the bare rowid only.
    /// </summary>
    private sealed class IndexRow
    {
        public long Key { get; init; }
    }

    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}
