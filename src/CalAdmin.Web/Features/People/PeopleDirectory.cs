using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Notes;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.People;

/// <summary>A person found by the search: one email (or, with none, one phone number), the names seen with it, how many bookings.</summary>
public sealed record PersonMatch(string Name, string Email, string? Phone, int Bookings);

/// <summary>
/// People as the mirror knows them: attendees of bookings, found by email (every booking with that email, in any
/// letter case) or by phone number (as Cal.com keeps it, E.164). Each lookup starts from an index: on SQLite the
/// attendee search index (AttendeeSearch) for an email, on SQL Server IX_Attendees_Email (case-insensitive collation),
/// and IX_Attendees_PhoneNumber for a phone number.
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The most bookings a person's page lists; the counts cover the same rows.</summary>
    public const int MaxBookings = 2000;

    /// <summary>An attendee row (member-init, so EF can filter and project on its members after the projection).</summary>
    private sealed class Hit
    {
        public int BookingId { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public string? Phone { get; init; }
        public bool Absent { get; init; }
    }

    public async Task<PersonHistory> FindAsync(string? email, string? phone, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hits = await Matching(db, email, phone).Take(MaxBookings * 2).ToListAsync(ct);
        var byBooking = hits.GroupBy(h => h.BookingId).ToDictionary(g => g.Key, g => g.ToList());
        var ids = byBooking.Keys.ToList();
        var rows = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id))
            .OrderByDescending(b => b.StartUtc).Take(MaxBookings)
            .Select(b => new { b.Id, b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status, EventTypeTitle = b.EventType != null ? b.EventType.Title : b.CalComEventTypeTitle, b.RescheduledToUid })
            .ToListAsync(ct);
        var withNotes = await BookingNotes.WithNotesAsync(db, ids, ct);

        var bookings = rows.Select(b => new PersonBooking(b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status, b.EventTypeTitle,
                byBooking[b.Id][0].Name, byBooking[b.Id].Any(h => h.Absent), b.RescheduledToUid, withNotes.Contains(b.Id)))
            .ToList();
        var upcoming = bookings.Where(b => b.IsUpcoming(now)).OrderBy(b => b.StartUtc).ToList();
        var past = bookings.Where(b => b.IsPast(now)).ToList();
        var ended = bookings.Where(b => BookingStatusGroups.Ended.Contains(b.Status)).ToList();
        var counts = new PersonCounts(bookings.Count, upcoming.Count, past.Count, bookings.Count(b => b.NoShow),
            ended.Count(b => b.Status == BookingStatus.Cancelled), ended.Count(b => b.Status == BookingStatus.Rejected), ended.Count(b => b.Status == BookingStatus.Rescheduled));

        static List<string> Distinct(IEnumerable<string?> values) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        return new PersonHistory(email?.Trim(), phone?.Trim(), Distinct(hits.Select(h => h.Name)), Distinct(hits.Select(h => h.Email)),
            Distinct(hits.Select(h => h.Phone)), upcoming, past, ended, counts);
    }

    /// <summary>The person's last booking that took place (before now, not cancelled), when they were marked absent from it.</summary>
    public async Task<MissedVisit?> LastMissedAsync(string? email, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(email) || !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bookingIds = Matching(db, email, null).Select(h => h.BookingId);
        var last = await db.Bookings.AsNoTracking()
            .Where(b => bookingIds.Contains(b.Id) && b.StartUtc < now && BookingStatusGroups.Live.Contains(b.Status))
            .OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id)
            .Select(b => new { b.Id, b.Uid, b.Title, b.StartUtc })
            .FirstOrDefaultAsync(ct);
        if (last is null) return null;
        var absent = await Matching(db, email, null).AnyAsync(h => h.BookingId == last.Id && h.Absent, ct);
        return absent ? new MissedVisit(last.Uid, last.Title, last.StartUtc) : null;
    }

    /// <summary>People whose name, email or phone number matches <paramref name="term"/> (the app bar's search), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<PersonMatch>> SearchAsync(string term, int limit = 20, CancellationToken ct = default)
    {
        term = term.Trim();
        if (term.Length == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = AttendeeSearch.Matching(db, db.Bookings, term).Select(b => b.Id);
        var candidates = await db.Attendees.AsNoTracking().Where(a => found.Contains(a.BookingId))
            .Select(a => new Hit { BookingId = a.BookingId, Name = a.Name, Email = a.Email, Phone = a.PhoneNumber, Absent = a.Absent }).Take(2000).ToListAsync(ct);
        var hits = candidates.Where(h => h.Name.Contains(term, StringComparison.CurrentCultureIgnoreCase) || h.Email.Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();
        if (Phone.Compact(term) is { } compact)
        {
            var (low, high) = Phone.PrefixRange(compact);
            hits.AddRange(await db.Attendees.AsNoTracking()
                .Where(a => string.Compare(a.PhoneNumber, low) >= 0 && string.Compare(a.PhoneNumber, high) < 0)
                .Select(a => new Hit { BookingId = a.BookingId, Name = a.Name, Email = a.Email, Phone = a.PhoneNumber, Absent = a.Absent }).Take(2000).ToListAsync(ct));
        }
        return hits.GroupBy(h => h.Email.ToLowerInvariant())
            .Select(g => new PersonMatch(g.First().Name, g.First().Email, g.Select(h => h.Phone).FirstOrDefault(p => p is not null), g.Select(h => h.BookingId).Distinct().Count()))
            .OrderByDescending(p => p.Bookings).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(limit).ToList();
    }

    /// <summary>The attendee rows of an email (any letter case) and/or a phone number.</summary>
    private static IQueryable<Hit> Matching(AppDbContext db, string? email, string? phone)
    {
        IQueryable<Hit>? hits = null;
        if (!string.IsNullOrWhiteSpace(email))
        {
            var e = email.Trim();
            var lower = e.ToLowerInvariant();
            var attendees = db.Attendees.AsNoTracking();
            if (db.Database.IsSqlite())
            {
                // The trigram index narrows to the bookings that hold the text; then the exact email, in any case.
                var ids = AttendeeSearch.BookingIds(db, e);
                attendees = attendees.Where(a => ids.Contains(a.BookingId) && a.Email.ToLower() == lower);
            }
            else
            {
                attendees = attendees.Where(a => a.Email == e);
            }
            hits = attendees.Select(a => new Hit { BookingId = a.BookingId, Name = a.Name, Email = a.Email, Phone = a.PhoneNumber, Absent = a.Absent });
        }
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var p = Phone.Compact(phone) ?? phone.Trim();
            var byPhone = db.Attendees.AsNoTracking().Where(a => a.PhoneNumber == p).Select(a => new Hit { BookingId = a.BookingId, Name = a.Name, Email = a.Email, Phone = a.PhoneNumber, Absent = a.Absent });
            hits = hits is null ? byPhone : hits.Concat(byPhone);
        }
        return hits ?? db.Attendees.Where(a => false).Select(a => new Hit { BookingId = a.BookingId, Name = a.Name, Email = a.Email, Phone = a.PhoneNumber, Absent = a.Absent });
    }
}
