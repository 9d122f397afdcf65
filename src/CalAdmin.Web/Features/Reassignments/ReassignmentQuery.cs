using System.Globalization;
using System.Runtime.CompilerServices;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CalAdmin.Web.Features.Reassignments;

/// <summary>
/// One view of the reassignment history, as the page, its URL and the CSV export share it. Dates are whole days in
/// <see cref="TimeZone"/> (both ends included); <see cref="HostId"/>, <see cref="StaffId"/> and <see cref="EventTypeId"/>
/// are CalAdmin's row ids. A host or staff filter matches a change away from or to that host (or that staff member's hosts).
/// </summary>
public sealed record ReassignmentFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? HostId { get; init; }
    public int? StaffId { get; init; }
    public int? EventTypeId { get; init; }
    public ReassignmentSource? Source { get; init; }
    /// <summary>False (the default): newest first.</summary>
    public bool OldestFirst { get; init; }
    /// <summary>The IANA zone the date filter's days are in; null means the business's zone.</summary>
    public string? TimeZone { get; init; }

    public bool HasFilters => From is not null || To is not null || HostId is not null || StaffId is not null || EventTypeId is not null || Source is not null;

    /// <summary>
    /// Reads <c>from</c>, <c>to</c> (yyyy-MM-dd), <c>host</c>, <c>staff</c>, <c>eventType</c> (ids), <c>source</c>
    /// (calcomwebhook, caladmin or reconciliation, any case), <c>sort</c> (<c>at</c> or <c>-at</c>) and <c>tz</c> (IANA id).
    /// Any of them present but not understood is an error that names it; other parameters are ignored.
    /// </summary>
    public static bool TryParse(string? queryString, out ReassignmentFilter filter, out string? error)
    {
        var q = new QueryParameters(queryString);
        var problems = q.Problems;

        var from = q.Date("from");
        var to = q.Date("to");
        var host = q.Id("host");
        var staff = q.Id("staff");
        var eventType = q.Id("eventType");

        ReassignmentSource? source = null;
        if (q.Get("source") is { } sourceText)
        {
            source = Enum.GetValues<ReassignmentSource>().Cast<ReassignmentSource?>()
                .FirstOrDefault(s => string.Equals(s.ToString(), sourceText, StringComparison.OrdinalIgnoreCase));
            if (source is null) problems.Add($"'source' must be calcomwebhook, caladmin or reconciliation, not '{QueryParameters.Shorten(sourceText)}'.");
        }

        var oldestFirst = false;
        if (q.Get("sort") is { } sortText)
        {
            if (sortText.Equals("at", StringComparison.OrdinalIgnoreCase)) oldestFirst = true;
            else if (!sortText.Equals("-at", StringComparison.OrdinalIgnoreCase)) problems.Add($"'sort' must be 'at' (oldest first) or '-at' (newest first), not '{QueryParameters.Shorten(sortText)}'.");
        }

        var zone = q.TimeZone();

        if (from is { } f && to is { } t && f > t) problems.Add($"'from' ({f:yyyy-MM-dd}) is after 'to' ({t:yyyy-MM-dd}).");

        filter = new ReassignmentFilter
        {
            From = from, To = to, HostId = host, StaffId = staff, EventTypeId = eventType, Source = source, OldestFirst = oldestFirst, TimeZone = zone,
        };
        error = q.Error;
        return error is null;
    }

    /// <summary>The query string (without '?') that reproduces this view; defaults are left out.</summary>
    public string ToQueryString(bool includeTimeZone = true)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (value is not null) parts.Add(new(key, value)); }

        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("host", HostId?.ToString(CultureInfo.InvariantCulture));
        Add("staff", StaffId?.ToString(CultureInfo.InvariantCulture));
        Add("eventType", EventTypeId?.ToString(CultureInfo.InvariantCulture));
        Add("source", Source?.ToString().ToLowerInvariant());
        if (OldestFirst) Add("sort", "at");
        if (includeTimeZone) Add("tz", TimeZone);
        return QueryString.Create(parts).ToUriComponent().TrimStart('?');
    }

}

/// <summary>One host change as the history and its export show it; a null host is one Cal.com did not name.</summary>
public sealed record ReassignmentRow(
    long Id,
    DateTime AtUtc,
    string BookingUid,
    string BookingTitle,
    string? EventTypeTitle,
    HostLabel? From,
    HostLabel? To,
    string? Reason,
    ReassignmentSource Source,
    string? ByUser);

public sealed record ReassignmentPage(IReadOnlyList<ReassignmentRow> Rows, int Total);

/// <summary>The choices of the history's filter bar.</summary>
public sealed record ReassignmentChoices(IReadOnlyList<FilterChoice> Hosts, IReadOnlyList<FilterChoice> Staff, IReadOnlyList<FilterChoice> EventTypes);

/// <summary>
/// The reassignment history over the mirror: one filtered, sorted query for the page (paged) and the export (streamed).
/// Host names come from the staff mapping, loaded once per call (the team is small).
/// </summary>
public sealed class ReassignmentQuery(IDbContextFactory<AppDbContext> dbFactory, IOptions<CalAdminOptions> options)
{
    public const int MaxPageSize = 200;

    public async Task<ReassignmentPage> PageAsync(ReassignmentFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db, filter);
        var total = await filtered.CountAsync(ct);
        var heads = await Order(filtered, filter).Skip(page * pageSize).Take(pageSize).Select(Head).ToListAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        return new ReassignmentPage(heads.Select(h => h.ToRow(labels)).ToList(), total);
    }

    /// <summary>Every row of the view in order, read as a stream, for the export.</summary>
    public async IAsyncEnumerable<ReassignmentRow> StreamAsync(ReassignmentFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var lookups = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(lookups, ct);
        await foreach (var head in Order(Filter(db, filter), filter).Select(Head).AsAsyncEnumerable().WithCancellation(ct))
            yield return head.ToRow(labels);
    }

    /// <summary>Hosts (by staff name, unmapped ones flagged), staff members that have a Cal.com user, and event types.</summary>
    public async Task<ReassignmentChoices> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);
        var hosts = labels.Values
            .OrderBy(l => !l.Mapped).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(l => new FilterChoice(l.HostId, l.Mapped ? $"{l.Name} ({l.CalComName})" : $"{l.Name} (unmapped)", !l.Mapped))
            .ToList();
        var staff = await db.Staff.AsNoTracking()
            .Where(s => db.StaffMappings.Any(m => m.StaffId == s.Id && m.ExternalSystem == StaffMapping.CalComSystem))
            .OrderBy(s => s.Name)
            .Select(s => new FilterChoice(s.Id, s.Name, false)).ToListAsync(ct);
        var eventTypes = await db.EventTypes.AsNoTracking().OrderBy(t => t.Title)
            .Select(t => new FilterChoice(t.Id, t.Title, false)).ToListAsync(ct);
        return new ReassignmentChoices(hosts, staff, eventTypes);
    }

    internal IQueryable<Reassignment> Filter(AppDbContext db, ReassignmentFilter filter)
    {
        var zone = BookingTime.FindOrUtc(filter.TimeZone ?? options.Value.TimeZone);
        var rows = db.Reassignments.AsNoTracking();

        if (filter.From is { } from)
        {
            var start = BookingTime.StartOfDayUtc(from, zone);
            rows = rows.Where(r => r.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = BookingTime.StartOfDayUtc(to.AddDays(1), zone);
            rows = rows.Where(r => r.At < end);
        }
        if (filter.HostId is { } hostId) rows = rows.Where(r => r.FromHostId == hostId || r.ToHostId == hostId);
        if (filter.StaffId is { } staffId)
        {
            var hostIds = db.Hosts.Where(h => db.StaffMappings.Any(m => m.StaffId == staffId
                && m.ExternalSystem == StaffMapping.CalComSystem && m.ExternalId == h.CalComUserId.ToString())).Select(h => h.Id);
            rows = rows.Where(r => hostIds.Any(id => id == r.FromHostId || id == r.ToHostId));
        }
        if (filter.EventTypeId is { } eventTypeId) rows = rows.Where(r => r.Booking.EventTypeId == eventTypeId);
        if (filter.Source is { } source) rows = rows.Where(r => r.Source == source);
        return rows;
    }

    private static IQueryable<Reassignment> Order(IQueryable<Reassignment> rows, ReassignmentFilter filter) => filter.OldestFirst
        ? rows.OrderBy(r => r.At).ThenBy(r => r.Id)
        : rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id);

    private sealed record ReassignmentHead(long Id, DateTime At, string Uid, string Title, string? EventTypeTitle, int? FromHostId, int? ToHostId,
        string? Reason, ReassignmentSource Source, string? ByUser)
    {
        public ReassignmentRow ToRow(IReadOnlyDictionary<int, HostLabel> labels) => new(Id, At, Uid, Title, EventTypeTitle,
            FromHostId is { } from ? labels.For(from) : null, ToHostId is { } to ? labels.For(to) : null, Reason, Source, ByUser);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Reassignment, ReassignmentHead>> Head = r =>
        new ReassignmentHead(r.Id, r.At, r.Booking.Uid, r.Booking.Title, r.Booking.EventType != null ? r.Booking.EventType.Title : r.Booking.CalComEventTypeTitle,
            r.FromHostId, r.ToHostId, r.Reason, r.Source, r.ByUser);
}

/// <summary>How the sources read in the dashboard.</summary>
public static class ReassignmentSources
{
    public static string Text(ReassignmentSource source) => source switch
    {
        ReassignmentSource.CalComWebhook => "Cal.com webhook",
        ReassignmentSource.CalAdmin => "CalAdmin",
        ReassignmentSource.Reconciliation => "Reconciliation",
        _ => source.ToString(),
    };

    public static string Description(ReassignmentSource source) => source switch
    {
        ReassignmentSource.CalComWebhook => "Cal.com reported the change in a BOOKING_REASSIGNED webhook (made in Cal.com itself).",
        ReassignmentSource.CalAdmin => "Someone reassigned the booking in CalAdmin.",
        ReassignmentSource.Reconciliation => "CalAdmin's reconciliation found the host had changed in Cal.com without a webhook.",
        _ => "",
    };
}
