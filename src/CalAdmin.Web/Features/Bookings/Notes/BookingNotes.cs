using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Notes;

/// <summary>Reads the internal notes of bookings; for any feature that shows them (booking page, list, export, day sheet).</summary>
public static class BookingNotes
{
    /// <summary>The notes of <paramref name="bookingIds"/> (CalAdmin's row ids), oldest first, grouped by booking.</summary>
    public static async Task<ILookup<int, NoteLine>> ForBookingsAsync(AppDbContext db, IReadOnlyCollection<int> bookingIds, CancellationToken ct = default)
    {
        if (bookingIds.Count == 0) return Array.Empty<NoteLine>().ToLookup(n => n.BookingId);
        var ids = bookingIds.Distinct().ToList();
        var notes = await db.BookingNotes.AsNoTracking().Where(n => ids.Contains(n.BookingId))
            .OrderBy(n => n.BookingId).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new NoteLine(n.BookingId, n.Text, n.Author, n.CreatedAt))
            .ToListAsync(ct);
        return notes.ToLookup(n => n.BookingId);
    }

    /// <summary>Which of <paramref name="bookingIds"/> have at least one note (the list's and calendar's marker).</summary>
    public static async Task<HashSet<int>> WithNotesAsync(AppDbContext db, IReadOnlyCollection<int> bookingIds, CancellationToken ct = default)
    {
        if (bookingIds.Count == 0) return [];
        var ids = bookingIds.Distinct().ToList();
        return (await db.BookingNotes.AsNoTracking().Where(n => ids.Contains(n.BookingId)).Select(n => n.BookingId).Distinct().ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The bookings with a note containing <paramref name="term"/> (see <see cref="NoteSearch"/>).</summary>
    public static IQueryable<int> BookingIdsMatching(AppDbContext db, string term) => NoteSearch.BookingIds(db, term);
}
