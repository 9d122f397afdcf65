using CalAdmin.Web.Data;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings;

public sealed record BookingHostLine(HostLabel Host, int Order, bool Absent)
{
    public bool IsOrganizer => Order == 0;
}

public sealed record BookingAttendeeLine(string Name, string Email, string? TimeZone, string? PhoneNumber, bool Absent);

public enum TimelineKind { Webhook, Action, Reassignment }

/// <summary>One thing that happened to a booking; <see cref="Title"/> and <see cref="Detail"/> are plain text.</summary>
public sealed record TimelineEntry(DateTime AtUtc, TimelineKind Kind, string Title, string? Detail);

public sealed record BookingDetails(
    int Id,
    string Uid,
    int? CalComId,
    string Title,
    DateTime StartUtc,
    DateTime EndUtc,
    BookingStatus Status,
    string? EventTypeTitle,
    SchedulingType? SchedulingType,
    int? CalComEventTypeId,
    string? Location,
    string? MeetingUrl,
    string? Description,
    IReadOnlyList<ResponseLine> Responses,
    string? CancellationReason,
    string? RescheduledFromUid,
    string? RescheduledToUid,
    bool HostAbsent,
    MeetingState MeetingState,
    IReadOnlyList<BookingHostLine> Hosts,
    IReadOnlyList<BookingAttendeeLine> Attendees,
    IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>The first attendee's zone: the one the booker saw the time in.</summary>
    public string? AttendeeTimeZone => Attendees.Select(a => a.TimeZone).FirstOrDefault(z => !string.IsNullOrWhiteSpace(z));

    /// <summary>An http(s) address from the meeting URL or the location, else null (other text is never a link).</summary>
    public Uri? MeetingLink => SafeLink(MeetingUrl) ?? SafeLink(Location);

    public static Uri? SafeLink(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}

/// <summary>Everything the booking details page shows, in a handful of index-backed queries.</summary>
public sealed class BookingDetailsQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Null when no booking with <paramref name="uid"/> is mirrored.</summary>
    public async Task<BookingDetails?> LoadAsync(string uid, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var b = await db.Bookings.AsNoTracking().Where(x => x.Uid == uid)
            .Select(x => new
            {
                x.Id, x.Uid, x.CalComId, x.Title, x.StartUtc, x.EndUtc, x.Status,
                EventTypeTitle = x.EventType != null ? x.EventType.Title : x.CalComEventTypeTitle,
                SchedulingType = x.EventType != null ? x.EventType.SchedulingType : (SchedulingType?)null,
                x.CalComEventTypeId, x.Location, x.MeetingUrl, x.Description, x.ResponsesJson, x.CancellationReason,
                x.RescheduledFromUid, x.RescheduledToUid, x.HostAbsent, x.MeetingState,
            })
            .FirstOrDefaultAsync(ct);
        if (b is null) return null;

        var labels = await HostLabels.LoadAsync(db, ct);
        var hosts = await db.BookingHosts.AsNoTracking().Where(h => h.BookingId == b.Id).OrderBy(h => h.Order)
            .Select(h => new { h.HostId, h.Order, h.Absent }).ToListAsync(ct);
        var attendees = await db.Attendees.AsNoTracking().Where(a => a.BookingId == b.Id).OrderBy(a => a.Id)
            .Select(a => new BookingAttendeeLine(a.Name, a.Email, a.TimeZone, a.PhoneNumber, a.Absent)).ToListAsync(ct);

        return new BookingDetails(b.Id, b.Uid, b.CalComId, b.Title, b.StartUtc, b.EndUtc, b.Status, b.EventTypeTitle, b.SchedulingType,
            b.CalComEventTypeId, b.Location, b.MeetingUrl, b.Description, BookingResponses.Parse(b.ResponsesJson), b.CancellationReason,
            b.RescheduledFromUid, b.RescheduledToUid, b.HostAbsent, b.MeetingState,
            hosts.Select(h => new BookingHostLine(labels.For(h.HostId), h.Order, h.Absent)).ToList(),
            attendees,
            await TimelineAsync(db, b.Id, b.Uid, labels, ct));
    }

    private static async Task<List<TimelineEntry>> TimelineAsync(AppDbContext db, int bookingId, string uid, IReadOnlyDictionary<int, HostLabel> labels, CancellationToken ct)
    {
        // Index (BookingUid, CalComCreatedAt); the raw body is never read here.
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.BookingUid == uid)
            .Select(d => new { d.Trigger, d.CalComCreatedAt, d.ReceivedAt, d.Outcome, d.Error, d.DuplicateCount }).ToListAsync(ct);
        // Index (EntityType, EntityId).
        var audits = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Booking" && a.EntityId == uid)
            .Select(a => new { a.At, a.Action, a.UserName }).ToListAsync(ct);
        // Index (BookingId, At).
        var reassignments = await db.Reassignments.AsNoTracking().Where(r => r.BookingId == bookingId)
            .Select(r => new { r.At, r.FromHostId, r.ToHostId, r.Reason, r.Source, r.ByUser }).ToListAsync(ct);

        string HostName(int? id) => id is { } h ? labels.For(h) is var l && l.Mapped ? l.Name : $"{l.Name} (unmapped)" : "nobody";

        return deliveries.Select(d => new TimelineEntry(d.CalComCreatedAt ?? d.ReceivedAt, TimelineKind.Webhook,
                    $"Cal.com webhook {d.Trigger}",
                    $"{OutcomeText(d.Outcome)}{(d.Error is { Length: > 0 } e ? $": {e}" : "")}{(d.DuplicateCount > 0 ? $" · delivered {d.DuplicateCount + 1} times" : "")}"))
            .Concat(audits.Select(a => new TimelineEntry(a.At, TimelineKind.Action, a.Action, $"by {a.UserName}")))
            .Concat(reassignments.Select(r => new TimelineEntry(r.At, TimelineKind.Reassignment,
                    $"Reassigned from {HostName(r.FromHostId)} to {HostName(r.ToHostId)}",
                    string.Join(" · ", new[] { SourceText(r.Source), r.ByUser is { Length: > 0 } by ? $"by {by}" : null, r.Reason is { Length: > 0 } why ? $"reason: {why}" : null }
                        .Where(x => x is not null)))))
            .OrderBy(e => e.AtUtc)
            .ToList();
    }

    private static string OutcomeText(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Pending => "Received, not applied yet",
        DeliveryOutcome.Applied => "Applied",
        DeliveryOutcome.Stale => "Skipped (older than what was already known)",
        DeliveryOutcome.Ignored => "Ignored",
        DeliveryOutcome.Failed => "Failed",
        DeliveryOutcome.Waiting => "Waiting for the booking to arrive",
        _ => outcome.ToString(),
    };

    private static string SourceText(Reassignments.ReassignmentSource source) => source switch
    {
        Reassignments.ReassignmentSource.CalComWebhook => "seen in a Cal.com webhook",
        Reassignments.ReassignmentSource.CalAdmin => "done in CalAdmin",
        Reassignments.ReassignmentSource.Reconciliation => "found by reconciliation",
        _ => source.ToString(),
    };
}
