using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Bookings.Live;

/// <summary>A read of a booking's page and when it started among all such reads (a later one never shows older data).</summary>
public sealed record BookingDetailsRead(long Started, BookingDetails? Details);

/// <summary>When a changed booking is, for a page to tell whether a change falls in the range it shows.</summary>
public sealed record ChangedBookingSpan(string Uid, DateTime StartUtc, DateTime EndUtc);

/// <summary>
/// Tells open pages whether a change concerns them, so that a page a change does not concern does no work for it.
/// What a notice is about is looked up once per notice, and whether it matches a list's filters once per notice and
/// view, however many pages show that view: the in-process feed hands every subscriber the same notice instance, and the
/// answers live only as long as it does.
/// </summary>
public sealed class BookingChangeScope(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock)
{
    private readonly BookingList list = new(dbFactory, options, clock);
    private readonly BookingDetailsQuery detailsQuery = new(dbFactory);
    private readonly ConditionalWeakTable<ChangeNotice, ConcurrentDictionary<string, Task<BookingDetailsRead>>> detailReads = new();
    private long reads;
    private readonly ConditionalWeakTable<ChangeNotice, Task<IReadOnlyList<ChangedBookingSpan>>> spans = new();
    private readonly ConditionalWeakTable<ChangeNotice, Task<IReadOnlySet<string>>> deliveryBookings = new();
    private readonly ConditionalWeakTable<ChangeNotice, ConcurrentDictionary<string, Task<bool>>> listMatches = new();

    /// <summary>
    /// Whether a bookings notice concerns a list showing <paramref name="shown"/> for <paramref name="query"/>: a booking it
    /// shows changed, or a changed booking now matches its filters (one indexed query per notice and view). A notice that
    /// names no booking ("something changed", e.g. an import) concerns every list.
    /// </summary>
    public async ValueTask<bool> ConcernsListAsync(ChangeNotice notice, BookingQuery query, IReadOnlyCollection<string> shown)
    {
        if (notice.Topic != ChangeNotice.Bookings) return false;
        if (notice.Ids.Count == 0 || notice.Ids.Any(shown.Contains)) return true;
        var byView = listMatches.GetValue(notice, _ => new ConcurrentDictionary<string, Task<bool>>());
        return await byView.GetOrAdd(query.ToQueryString(includeTimeZone: true), _ => MatchesAsync(query, notice.Ids));
    }

    /// <summary>Whether a bookings notice concerns a page drawing <paramref name="fromUtc"/>–<paramref name="toUtc"/> with <paramref name="drawn"/> on it.</summary>
    public async ValueTask<bool> ConcernsRangeAsync(ChangeNotice notice, DateTime fromUtc, DateTime toUtc, IReadOnlyCollection<string> drawn)
    {
        if (notice.Topic != ChangeNotice.Bookings) return false;
        if (notice.Ids.Count == 0 || notice.Ids.Any(drawn.Contains)) return true;
        var changed = await spans.GetValue(notice, n => SpansAsync(n.Ids));
        return changed.Any(b => b.StartUtc < toUtc && b.EndUtc > fromUtc);
    }

    /// <summary>Whether a notice concerns one booking's page: it names the booking, or a delivery about it.</summary>
    public async ValueTask<bool> ConcernsBookingAsync(ChangeNotice notice, string uid, int? id)
    {
        bool Names(IReadOnlyList<string> ids) => ids.Contains(uid) || (id is { } bookingId && ids.Contains(bookingId.ToString()));
        if (notice.Topic == ChangeNotice.Bookings) return notice.Ids.Count == 0 || Names(notice.Ids);
        if (notice.Topic != ChangeNotice.Webhooks) return false;
        // A delivery's notice names the delivery; a batch's names none, and its applied changes come as bookings notices.
        // A booking whose change a bookings notice already announced refreshes for that one: its read sees the delivery too.
        if (notice.Ids.Count == 0 || Names(notice.Announced)) return false;
        return (await deliveryBookings.GetValue(notice, n => DeliveryBookingsAsync(n.Ids))).Contains(uid);
    }

    /// <summary>
    /// A booking's page as it is after <paramref name="notice"/>: the pages that ask while a read started after the notice
    /// is still running share it (every page the notice concerns asks right after it, and each gets the same immutable
    /// details); a page that asks after that read ended reads again, so a refresh replayed later with the same notice never
    /// gets an old read. Pages keep the newest read they were given (<see cref="BookingDetailsRead.Started"/>).
    /// </summary>
    public Task<BookingDetailsRead> DetailsAfterAsync(ChangeNotice notice, string uid)
    {
        var inFlight = detailReads.GetValue(notice, _ => new ConcurrentDictionary<string, Task<BookingDetailsRead>>());
        if (inFlight.TryGetValue(uid, out var running) && !running.IsCompleted) return running;
        // Two pages that start at the same instant may each read: only sharing is lost, never freshness.
        var read = DetailsNowAsync(uid);
        inFlight[uid] = read;
        return read;
    }

    /// <summary>A booking's page read now, numbered in the order the reads started.</summary>
    public async Task<BookingDetailsRead> DetailsNowAsync(string uid)
    {
        var started = Interlocked.Increment(ref reads);
        return new BookingDetailsRead(started, await detailsQuery.LoadAsync(uid));
    }

    private async Task<bool> MatchesAsync(BookingQuery query, IReadOnlyList<string> uids)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await list.Filter(db, query).AnyAsync(b => uids.Contains(b.Uid));
    }

    private async Task<IReadOnlyList<ChangedBookingSpan>> SpansAsync(IReadOnlyList<string> uids)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Bookings.AsNoTracking().Where(b => uids.Contains(b.Uid))
            .Select(b => new ChangedBookingSpan(b.Uid, b.StartUtc, b.EndUtc)).ToListAsync();
    }

    private async Task<IReadOnlySet<string>> DeliveryBookingsAsync(IReadOnlyList<string> ids)
    {
        var deliveryIds = ids.Select(i => long.TryParse(i, out var id) ? id : (long?)null).OfType<long>().ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        var uids = await db.WebhookDeliveries.AsNoTracking().Where(d => deliveryIds.Contains(d.Id) && d.BookingUid != null)
            .Select(d => d.BookingUid!).ToListAsync();
        return uids.ToHashSet();
    }
}
