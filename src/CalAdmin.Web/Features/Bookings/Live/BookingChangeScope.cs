using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Bookings.Live;

/// <summary>What a page shows, read once for all the pages that show it, and when the read started among all such reads (a page keeps the latest: a later one never shows older data).</summary>
public sealed record PageRead<T>(long Started, T Value);

/// <summary>When a changed booking is, for a page to tell whether a change falls in the range it shows.</summary>
public sealed record ChangedBookingSpan(string Uid, DateTime StartUtc, DateTime EndUtc);

/// <summary>
/// Tells open pages whether a change concerns them, so that a page a change does not concern does no work for it.
/// What a notice is about is looked up once per notice, and whether it matches a list's filters once per notice and
/// view, however many pages show that view: the in-process feed hands every subscriber the same notice instance, and the
/// answers live only as long as it does.
/// </summary>
public sealed class BookingChangeScope(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options, TimeProvider clock,
    BookingsGridHtml gridHtml)
{
    private readonly BookingList list = new(dbFactory, options, clock);
    private readonly BookingDetailsQuery detailsQuery = new(dbFactory);
    private readonly Calendar.CalendarQuery calendarQuery = new(dbFactory);
    private readonly ConditionalWeakTable<ChangeNotice, ConcurrentDictionary<string, Task>> readsAfter = new();
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
    /// A booking's page as it is after <paramref name="notice"/>, one read for all the pages it concerns: the first page to
    /// ask after the notice starts it, and every page that asks for the notice gets that read, running or ended (it started
    /// after the notice was published, so it shows the notice's change; a later change comes with a notice of its own).
    /// Pages keep the newest read they were given (<see cref="PageRead{T}.Started"/>), so a notice handled late never puts
    /// an older state back.
    /// </summary>
    public Task<PageRead<BookingDetails?>> DetailsAfterAsync(ChangeNotice notice, string uid) =>
        SharedAfter(notice, "booking " + uid, () => DetailsNowAsync(uid));

    /// <summary>A booking's page read now.</summary>
    public Task<PageRead<BookingDetails?>> DetailsNowAsync(string uid) => ReadAsync(() => detailsQuery.LoadAsync(uid));

    /// <summary>
    /// A calendar range's bookings as they are after <paramref name="notice"/>, shared by the calendars that show the range
    /// as <see cref="DetailsAfterAsync"/> is: one query, and one immutable <see cref="Calendar.CalendarData"/> they all draw.
    /// </summary>
    public Task<PageRead<Calendar.CalendarData>> CalendarAfterAsync(ChangeNotice notice, DateTime fromUtc, DateTime toUtc) =>
        SharedAfter(notice, $"calendar {fromUtc:O} {toUtc:O}", () => CalendarNowAsync(fromUtc, toUtc));

    /// <summary>A calendar range read now.</summary>
    public Task<PageRead<Calendar.CalendarData>> CalendarNowAsync(DateTime fromUtc, DateTime toUtc) =>
        ReadAsync(() => calendarQuery.LoadAsync(fromUtc, toUtc));

    /// <summary>
    /// A bookings list's view as it is after <paramref name="notice"/>, drawn, shared by the lists that show the view as
    /// <see cref="DetailsAfterAsync"/> is: one read and one render of the grid, whose HTML every such list is patched with.
    /// </summary>
    public Task<PageRead<BookingsGridRead>> ListAfterAsync(ChangeNotice notice, BookingsView view) =>
        SharedAfter(notice, "list " + view.Key, () => ReadAsync(async () => await gridHtml.RenderAsync(await view.LoadAsync(list))));

    private Task<PageRead<T>> SharedAfter<T>(ChangeNotice notice, string key, Func<Task<PageRead<T>>> read) =>
        (Task<PageRead<T>>)readsAfter.GetValue(notice, _ => new ConcurrentDictionary<string, Task>())
            .GetOrAdd(key, static (_, read) => read(), read);

    /// <summary>A read numbered in the order the reads started.</summary>
    private async Task<PageRead<T>> ReadAsync<T>(Func<Task<T>> read)
    {
        var started = Interlocked.Increment(ref reads);
        return new PageRead<T>(started, await read());
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
