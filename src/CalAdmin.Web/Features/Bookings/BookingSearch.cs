using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Notes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// The bookings list's search: an attendee's name or email (<see cref="AttendeeSearch"/>), and besides that a booking's
/// uid (equality on its unique index), an attendee's phone number (a prefix as a range on Attendees (PhoneNumber), so
/// "+49 151" finds "+4915112345678") and the text of an internal note (<see cref="NoteSearch"/>). No leading wildcard
/// touches the new columns.
/// </summary>
public static class BookingSearch
{
    /// <summary>The bookings of <paramref name="bookings"/> the term finds; the attendee index reads only starts in [from, to) when given.</summary>
    public static IQueryable<Booking> Matching(AppDbContext db, IQueryable<Booking> bookings, string term, DateTime? fromUtc = null, DateTime? toUtc = null) =>
        AttendeeSearch.Matching(db, bookings, term, OtherIds(db, term), fromUtc, toUtc);

    /// <summary>Whether anything but an attendee's name or email matches (then the attendee index alone cannot count the list).</summary>
    public static Task<bool> HasOtherMatchesAsync(AppDbContext db, string term, CancellationToken ct) => OtherIds(db, term).AnyAsync(ct);

    /// <summary>The ids of bookings found by uid, phone number or note.</summary>
    public static IQueryable<int> OtherIds(AppDbContext db, string term)
    {
        var ids = db.Bookings.Where(b => b.Uid == term).Select(b => b.Id).Concat(NoteSearch.BookingIds(db, term));
        if (Phone.Compact(term) is { } phone)
        {
            var (low, high) = Phone.PrefixRange(phone);
            ids = ids.Concat(db.Attendees
                .Where(a => string.Compare(a.PhoneNumber, low) >= 0 && string.Compare(a.PhoneNumber, high) < 0)
                .Select(a => a.BookingId));
        }
        return ids;
    }
}

/// <summary>Phone numbers as Cal.com keeps them (E.164, "+4915112345678") against what a caller reads out.</summary>
public static class Phone
{
    /// <summary>The term without spaces, dashes, dots, slashes and brackets, when it is a phone number (a '+' and at least 4 digits); else null.</summary>
    public static string? Compact(string? term)
    {
        if (string.IsNullOrWhiteSpace(term)) return null;
        var compact = new string(term.Trim().Where(c => c is not (' ' or '-' or '.' or '/' or '(' or ')')).ToArray());
        var digits = compact.StartsWith('+') ? compact[1..] : compact;
        return digits.Length >= 4 && digits.Length <= 20 && digits.All(char.IsAsciiDigit) ? compact : null;
    }

    /// <summary>[low, high): every stored number that starts with <paramref name="compact"/> (':' sorts right after '9').</summary>
    public static (string Low, string High) PrefixRange(string compact) => (compact, compact + ":");
}
