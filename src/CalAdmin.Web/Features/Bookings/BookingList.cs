using System.Runtime.CompilerServices;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Notes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Bookings;

public sealed record BookingAttendeeCell(string Name, string Email, bool Absent);

/// <summary>One row of the list and the export: only what they show.</summary>
public sealed record BookingRow(
    int Id,
    string Uid,
    string Title,
    DateTime StartUtc,
    DateTime EndUtc,
    BookingStatus Status,
    int? EventTypeId,
    string? EventTypeTitle,
    IReadOnlyList<HostLabel> Hosts,
    IReadOnlyList<BookingAttendeeCell> Attendees,
    IReadOnlyList<NoteLine>? Notes = null)
{
    public bool HasNotes => Notes is { Count: > 0 };
}

/// <summary>
/// A page of the list. <see cref="Total"/> is exact up to <see cref="BookingList.CountCap"/> (a search's up to
/// <see cref="BookingList.SearchCountCap"/>); beyond it the count stops there and <see cref="MoreThanTotal"/> says so
/// ("more than 10,000"), and the pages stop at the cap.
/// </summary>
public sealed record BookingPage(IReadOnlyList<BookingRow> Rows, int Total, bool MoreThanTotal = false);

public sealed record FilterChoice(int Id, string Label, bool Flagged);

/// <summary>
/// The bookings list over the local mirror: one filtered, sorted, paged query of the displayed columns, then the
/// hosts and attendees of that page only; the count stops at <see cref="CountCap"/>. The filters are shaped for the indexes: Bookings (StartUtc),
/// (Status, StartUtc), (EventTypeId, StartUtc) and BookingHosts (HostId, StartUtc, BookingId, Status, EventTypeId).
/// </summary>
public sealed class BookingList(IDbContextFactory<AppDbContext> dbFactory, IOptions<Infrastructure.CalAdminOptions> options, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Counts stop here: an exact count of a million bookings reads a million index entries on every page, and nobody
    /// pages to the 10,001st booking of a view (they filter instead). The list shows "more than 10,000" and its pages
    /// (offset paging) end at the cap, so no page skips more than this many rows.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// A search's count stops sooner: a search is for finding someone, and past a thousand matches ("more than 1,000") the
    /// next letter narrows it better than paging. Each match is checked against the view's other filters as it is
    /// counted, so this is what a broad search (a common first name at a million bookings) costs.
    /// </summary>
    public const int SearchCountCap = 1_000;

    /// <summary>Where the count of <paramref name="query"/>'s view stops.</summary>
    public static int CapFor(BookingQuery query) => string.IsNullOrWhiteSpace(query.Search) ? CountCap : SearchCountCap;

    /// <summary>A count taken up to <paramref name="cap"/> + 1 as the list shows it: at most the cap, and whether there are more.</summary>
    public static (int Total, bool MoreThan) Capped(int counted, int cap = CountCap) => (Math.Min(counted, cap), counted > cap);

    public async Task<BookingPage> PageAsync(BookingQuery query, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db, query);
        var searchWalk = await SearchWalkAsync(db, query, ct);
        // A search alone (the All tab, no other filter) is counted in the search index itself.
        var searchOnly = searchWalk is not null && query is { Tab: BookingTab.All, EventTypeId: null, Status: null, Outcome: null, From: null, To: null };
        var cap = CapFor(query);
        var counted = (searchOnly ? await AttendeeSearch.CountInIndexAsync(db, query.Search!.Trim(), cap + 1, ct) : null)
                      ?? (query.HostId is null
                          ? await (searchWalk ?? filtered).Take(cap + 1).CountAsync(ct)
                          : await HostWalk(db, query).Take(cap + 1).CountAsync(ct));
        var (total, moreThan) = Capped(counted, cap);
        if (moreThan) page = Math.Min(page, (cap - 1) / pageSize);
        var heads = await (searchWalk ?? PageOrder(db, filtered, query)).Skip(page * pageSize).Take(pageSize).Select(Head).ToListAsync(ct);
        var rows = await CompleteAsync(db, heads, await HostLabels.LoadAsync(db, ct), ct);
        return new BookingPage(rows, total, moreThan);
    }

    /// <summary>
    /// Every row of the view in order, for the export: one streamed reader over the bookings, with hosts and
    /// attendees fetched per batch on a second context, so 100,000 rows never sit in memory at once.
    /// </summary>
    public async IAsyncEnumerable<BookingRow> StreamAsync(BookingQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int batchSize = 500;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var lookups = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(lookups, ct);
        var batch = new List<RowHead>(batchSize);
        await foreach (var head in Order(Filter(db, query), query).Select(Head).AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(head);
            if (batch.Count < batchSize) continue;
            foreach (var row in await CompleteAsync(lookups, batch, labels, ct)) yield return row;
            batch.Clear();
        }
        foreach (var row in await CompleteAsync(lookups, batch, labels, ct)) yield return row;
    }

    /// <summary>The host and event-type choices of the filter bar: every host by staff name (unmapped ones flagged).</summary>
    public async Task<(IReadOnlyList<FilterChoice> Hosts, IReadOnlyList<FilterChoice> EventTypes)> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        var hosts = labels.Values
            .OrderBy(l => !l.Mapped).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(l => new FilterChoice(l.HostId, l.Mapped ? l.Name : $"{l.Name} (unmapped)", !l.Mapped))
            .ToList();
        var eventTypes = await db.EventTypes.AsNoTracking().OrderBy(t => t.Title)
            .Select(t => new FilterChoice(t.Id, t.Title, false)).ToListAsync(ct);
        return (hosts, eventTypes);
    }

    internal IQueryable<Booking> Filter(AppDbContext db, BookingQuery query)
    {
        var (now, fromUtc, toUtc) = Window(query);
        var bookings = db.Bookings.AsNoTracking();

        bookings = query.Tab switch
        {
            BookingTab.Upcoming => bookings.Where(b => b.StartUtc >= now && BookingStatusGroups.Live.Contains(b.Status)),
            BookingTab.Unconfirmed => bookings.Where(b => b.Status == BookingStatus.Pending && b.StartUtc >= now),
            BookingTab.Past => bookings.Where(b => b.StartUtc < now && BookingStatusGroups.Live.Contains(b.Status)),
            BookingTab.Cancelled => bookings.Where(b => BookingStatusGroups.Ended.Contains(b.Status)),
            _ => bookings,
        };

        if (fromUtc is { } f) bookings = bookings.Where(b => b.StartUtc >= f);
        if (toUtc is { } t) bookings = bookings.Where(b => b.StartUtc < t);

        if (query.Status is { } status) bookings = bookings.Where(b => b.Status == status);
        bookings = Outcomes.BookingOutcomes.Apply(bookings, query.Outcome, now);
        if (query.EventTypeId is { } eventTypeId) bookings = bookings.Where(b => b.EventTypeId == eventTypeId);

        if (query.HostId is { } hostId)
        {
            var ids = HostRows(db, hostId, query, now, fromUtc, toUtc).Select(h => h.BookingId);
            bookings = bookings.Where(b => ids.Contains(b.Id));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var (searchFrom, searchTo) = StartRange(query, now, fromUtc, toUtc);
            bookings = BookingSearch.Matching(db, bookings, query.Search.Trim(), searchFrom, searchTo);
        }
        return bookings;
    }

    /// <summary>
    /// The order of a page. One host's bookings by start walk BookingHosts (HostId, StartUtc, …) in index order and stop
    /// after the page, instead of fetching and sorting every booking of the host.
    /// </summary>
    private IQueryable<Booking> PageOrder(AppDbContext db, IQueryable<Booking> filtered, BookingQuery query)
    {
        if (query.HostId is null || query.Sort != BookingSortField.Start) return Order(filtered, query);
        var ofHost = HostWalk(db, query);
        ofHost = query.SortDescending
            ? ofHost.OrderByDescending(h => h.StartUtc).ThenByDescending(h => h.BookingId)
            : ofHost.OrderBy(h => h.StartUtc).ThenBy(h => h.BookingId);
        return ofHost.Select(h => h.Booking);
    }

    /// <summary>
    /// A search by start without a host, when the attendee index answers it alone (nothing else — a uid, a phone number, a
    /// note — matches): the index's matches in the view's order, from the tab's side of now and the date range, each
    /// checked against the other filters; else null. The page then stops after its rows instead of sorting every match.
    /// </summary>
    private async Task<IQueryable<Booking>?> SearchWalkAsync(AppDbContext db, BookingQuery query, CancellationToken ct)
    {
        var term = query.Search?.Trim();
        if (string.IsNullOrEmpty(term) || !AttendeeSearch.Indexed(db, term) || query.HostId is not null || query.Sort != BookingSortField.Start
            || await BookingSearch.HasOtherMatchesAsync(db, term, ct))
            return null;
        var (now, fromUtc, toUtc) = Window(query);
        (fromUtc, toUtc) = StartRange(query, now, fromUtc, toUtc);
        return AttendeeSearch.InStartOrder(db, Filter(db, query with { Search = null }), term, fromUtc, toUtc, query.SortDescending);
    }

    /// <summary>The starts a view can show: its date range narrowed by its tab's side of now.</summary>
    private static (DateTime? FromUtc, DateTime? ToUtc) StartRange(BookingQuery query, DateTime now, DateTime? fromUtc, DateTime? toUtc)
    {
        if (query.Tab is BookingTab.Upcoming or BookingTab.Unconfirmed && (fromUtc is null || fromUtc < now)) fromUtc = now;
        if (query.Tab is BookingTab.Past && (toUtc is null || toUtc > now)) toUtc = now;
        return (fromUtc, toUtc);
    }

    /// <summary>
    /// One host's rows that pass the other filters, for the page and the count: each host row is checked against the other
    /// filters only, not against a list of every booking id of the host (which grows with the host's history), and a view
    /// with no other filter than the tab, status and dates (which the host rows carry) reads the host's index alone.
    /// </summary>
    private IQueryable<BookingHost> HostWalk(AppDbContext db, BookingQuery query)
    {
        var (now, fromUtc, toUtc) = Window(query);
        var ofHost = HostRows(db, query.HostId!.Value, query, now, fromUtc, toUtc);
        if (query is { EventTypeId: null, Outcome: null } && string.IsNullOrWhiteSpace(query.Search)) return ofHost;
        var others = Filter(db, query with { HostId = null });
        return ofHost.Where(h => others.Any(b => b.Id == h.BookingId));
    }

    /// <summary>Now, and the view's From and To days as UTC instants in its zone (To's whole day included).</summary>
    private (DateTime Now, DateTime? FromUtc, DateTime? ToUtc) Window(BookingQuery query)
    {
        var zone = BookingTime.FindOrUtc(query.TimeZone ?? options.Value.TimeZone);
        return (clock.GetUtcNow().UtcDateTime,
            query.From is { } from ? BookingTime.StartOfDayUtc(from, zone) : null,
            query.To is { } to ? BookingTime.StartOfDayUtc(to.AddDays(1), zone) : null);
    }

    /// <summary>
    /// One host's rows, seeking BookingHosts (HostId, StartUtc, BookingId, Status, EventTypeId): the tab, the status, the
    /// date range and the event type are checked on the host row's copies of its booking's start, status and event type,
    /// so only that part of the host's history is read, from the index alone.
    /// </summary>
    private static IQueryable<BookingHost> HostRows(AppDbContext db, int hostId, BookingQuery query, DateTime now, DateTime? fromUtc, DateTime? toUtc)
    {
        var ofHost = db.BookingHosts.Where(h => h.HostId == hostId);
        ofHost = query.Tab switch
        {
            BookingTab.Upcoming => ofHost.Where(h => h.StartUtc >= now && BookingStatusGroups.Live.Contains(h.Status)),
            BookingTab.Unconfirmed => ofHost.Where(h => h.StartUtc >= now && h.Status == BookingStatus.Pending),
            BookingTab.Past => ofHost.Where(h => h.StartUtc < now && BookingStatusGroups.Live.Contains(h.Status)),
            BookingTab.Cancelled => ofHost.Where(h => BookingStatusGroups.Ended.Contains(h.Status)),
            _ => ofHost,
        };
        if (query.Status is { } status) ofHost = ofHost.Where(h => h.Status == status);
        // The copy narrows the walk; the booking's own event type is still checked (HostWalk, Filter).
        if (query.EventTypeId is { } eventTypeId) ofHost = ofHost.Where(h => h.EventTypeId == eventTypeId);
        if (fromUtc is { } hf) ofHost = ofHost.Where(h => h.StartUtc >= hf);
        if (toUtc is { } ht) ofHost = ofHost.Where(h => h.StartUtc < ht);
        return ofHost;
    }

    private static IQueryable<Booking> Order(IQueryable<Booking> bookings, BookingQuery query) => (query.Sort, query.SortDescending) switch
    {
        (BookingSortField.Title, false) => bookings.OrderBy(b => b.Title).ThenBy(b => b.StartUtc).ThenBy(b => b.Id),
        (BookingSortField.Title, true) => bookings.OrderByDescending(b => b.Title).ThenBy(b => b.StartUtc).ThenBy(b => b.Id),
        (BookingSortField.Status, false) => bookings.OrderBy(b => b.Status).ThenBy(b => b.StartUtc).ThenBy(b => b.Id),
        (BookingSortField.Status, true) => bookings.OrderByDescending(b => b.Status).ThenBy(b => b.StartUtc).ThenBy(b => b.Id),
        (_, false) => bookings.OrderBy(b => b.StartUtc).ThenBy(b => b.Id),
        (_, true) => bookings.OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id),
    };

    private sealed record RowHead(int Id, string Uid, string Title, DateTime StartUtc, DateTime EndUtc, BookingStatus Status, int? EventTypeId, string? EventTypeTitle);

    private static readonly System.Linq.Expressions.Expression<Func<Booking, RowHead>> Head = b =>
        new RowHead(b.Id, b.Uid, b.Title, b.StartUtc, b.EndUtc, b.Status, b.EventTypeId, b.EventType != null ? b.EventType.Title : b.CalComEventTypeTitle);

    private static async Task<List<BookingRow>> CompleteAsync(AppDbContext db, List<RowHead> heads, IReadOnlyDictionary<int, HostLabel> labels, CancellationToken ct)
    {
        if (heads.Count == 0) return [];
        var ids = heads.Select(h => h.Id).ToList();
        var hosts = (await db.BookingHosts.AsNoTracking().Where(h => ids.Contains(h.BookingId))
                .Select(h => new { h.BookingId, h.HostId, h.Order }).ToListAsync(ct))
            .ToLookup(h => h.BookingId);
        var attendees = (await db.Attendees.AsNoTracking().Where(a => ids.Contains(a.BookingId))
                .OrderBy(a => a.Id)
                .Select(a => new { a.BookingId, a.Name, a.Email, a.Absent }).ToListAsync(ct))
            .ToLookup(a => a.BookingId);
        var notes = await BookingNotes.ForBookingsAsync(db, ids, ct);

        return heads.Select(h => new BookingRow(h.Id, h.Uid, h.Title, h.StartUtc, h.EndUtc, h.Status, h.EventTypeId, h.EventTypeTitle,
                hosts[h.Id].OrderBy(x => x.Order).Select(x => labels.For(x.HostId)).ToList(),
                attendees[h.Id].Select(a => new BookingAttendeeCell(a.Name, a.Email, a.Absent)).ToList(),
                notes[h.Id].ToList()))
            .ToList();
    }
}
