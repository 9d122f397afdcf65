using System.Globalization;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.EventTypes;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>A question of the booking form that the attendee object does not already answer.</summary>
public sealed record BookingQuestion(string Slug, string Label, string Type, bool Required, string? Placeholder);

/// <summary>
/// What can be booked. A managed event type is booked through its per-host children, so each child is one choice
/// named after its host (<see cref="HostName"/>).
/// </summary>
public sealed record BookableEventType(int Id, string Title, SchedulingType Kind, int LengthMinutes, bool NeedsConfirmation,
    IReadOnlyList<BookingQuestion> Questions, string? HostName = null, IReadOnlyList<int>? LengthOptions = null)
{
    /// <summary>The lengths a booker may choose (Cal.com's lengthInMinutesOptions); empty when the length is fixed.</summary>
    public IReadOnlyList<int> Lengths => LengthOptions ?? [];

    public string Label => HostName is null ? Title : $"{Title} with {HostName}";
}

public sealed record SlotChoice(DateTimeOffset Start, DateTimeOffset End, string Time);

public sealed record SlotDay(DateOnly Day, string Label, IReadOnlyList<SlotChoice> Slots);

/// <summary>A host a booking could go to; <see cref="BusyWith"/> names the overlapping booking when not free.</summary>
public sealed record HostChoice(int CalComUserId, string Name, bool Free, string? BusyWith);

/// <summary>Whom a booking can be reassigned to, or (<see cref="CanReassign"/> false) why Cal.com cannot.</summary>
public sealed record ReassignChoices(SchedulingType Kind, string EventTypeTitle, int? CurrentHostId, IReadOnlyList<HostChoice> Hosts, string? Problem = null,
    string? CurrentHostName = null)
{
    public bool CanReassign => Kind == SchedulingType.RoundRobin && Problem is null;
}

/// <summary>
/// The reads behind the action dialogs: event types and their questions, free slots (Cal.com's GET /v2/slots, in the
/// viewer's zone), and who is free to take a booking. Event types come from Cal.com, so a booking can be made before
/// any sync ran.
/// </summary>
public sealed class BookingChoices(CalComClient calCom, IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Default fields the attendee form already asks (name, email, phone) or CalAdmin leaves to Cal.com's default.</summary>
    private static readonly HashSet<string> AnsweredByForm = new(StringComparer.OrdinalIgnoreCase)
        { "name", "email", "location", "attendeePhoneNumber", "guests", "rescheduleReason", "title" };

    public async Task<IReadOnlyList<BookableEventType>> EventTypesAsync(CancellationToken ct = default)
    {
        var team = await calCom.GetTeamEventTypesAsync(cancellationToken: ct);
        var personal = await calCom.GetEventTypesAsync(ct);
        var list = new List<BookableEventType>();
        // The key owner's own managed children come in both lists: once is enough.
        foreach (var e in team.Concat(personal.Where(p => team.All(t => t.Id != p.Id) && list.All(l => l.Id != p.Id))))
        {
            if (e.Hidden == true) continue;
            var kind = KindOf(e.SchedulingType);
            if (kind == SchedulingType.Managed && e.TeamId is not null)
            {
                // The parent is not bookable; its children are, one per host. Cal.com lists the children's owners as the
                // parent's hosts, and each child has the parent's slug (docs: slots, "Note for managed event types").
                foreach (var host in e.Hosts ?? [])
                    if (host.Username is { Length: > 0 } username && e.Slug is { Length: > 0 } slug
                        && await calCom.FindUserEventTypeAsync(username, slug, ct) is { } child)
                        list.Add(Of(child, kind) with { HostName = host.Name ?? username });
                continue;
            }
            list.Add(Of(e, kind));
        }
        return list.OrderBy(e => e.Label, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    private static BookableEventType Of(CalComEventType e, SchedulingType kind) => new(
        e.Id, e.Title ?? e.Slug ?? $"Event type {e.Id}", kind, e.LengthInMinutes ?? 30, e.NeedsConfirmation,
        (e.BookingFields ?? [])
            .Where(f => f.Slug is { Length: > 0 } && f.Hidden != true && f.IsDefault != true && !AnsweredByForm.Contains(f.Slug))
            .Select(f => new BookingQuestion(f.Slug!, f.Label ?? BookingResponses.Label(f.Slug!), f.Type ?? "text", f.Required == true, f.Placeholder))
            .ToList(),
        LengthOptions: e.LengthInMinutesOptions is { Count: > 0 } lengths ? lengths.Order().ToList() : null);

    /// <summary>Free slots of <paramref name="days"/> days from <paramref name="from"/>, as days and times in <paramref name="zone"/>.</summary>
    public async Task<IReadOnlyList<SlotDay>> SlotsAsync(int eventTypeId, DateOnly from, int days, TimeZoneInfo zone, string? bookingUidToReschedule = null,
        int? duration = null, CancellationToken ct = default)
    {
        var start = new DateTimeOffset(BookingTime.StartOfDayUtc(from, zone), TimeSpan.Zero);
        var end = new DateTimeOffset(BookingTime.StartOfDayUtc(from.AddDays(days), zone), TimeSpan.Zero);
        var answer = await calCom.GetSlotsAsync(eventTypeId, start, end, zone.Id, bookingUidToReschedule, duration, ct);
        var culture = CultureInfo.InvariantCulture;
        // Days are regrouped here from the instants, so a zone Cal.com spells differently cannot shift a slot to another day.
        return answer.Values.SelectMany(s => s)
            .Select(s => (Slot: s, Local: TimeZoneInfo.ConvertTime(s.Start, zone)))
            .GroupBy(x => DateOnly.FromDateTime(x.Local.DateTime))
            .OrderBy(g => g.Key)
            .Select(g => new SlotDay(g.Key, g.Key.ToString("ddd d MMM", culture),
                g.OrderBy(x => x.Slot.Start).Select(x => new SlotChoice(x.Slot.Start.ToUniversalTime(), (x.Slot.End ?? x.Slot.Start).ToUniversalTime(),
                    x.Local.ToString("HH:mm", culture))).ToList()))
            .ToList();
    }

    /// <summary>
    /// The event type's round-robin hosts not already on the booking, each marked free or busy at the booking's time.
    /// Fixed (mandatory) hosts attend every booking and are never offered: Cal.com replaces only the round-robin host.
    /// <see cref="ReassignChoices.CurrentHostId"/> is the booking's round-robin host, whatever its place in the booking's hosts.
    /// Free means: no booking in the mirror that still holds time (accepted, pending, awaiting payment) overlaps it.
    /// Cal.com's slots say that someone is free, not who, so the mirror is the per-host source; working hours and
    /// outside calendars are Cal.com's to check, and its refusal is shown if it disagrees.
    /// </summary>
    public async Task<ReassignChoices> ReassignChoicesAsync(string uid, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var booking = await db.Bookings.AsNoTracking().Where(b => b.Uid == uid)
            .Select(b => new
            {
                b.Id, b.CalComEventTypeId, b.StartUtc, b.EndUtc, Hosts = b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).ToList(),
                Managed = b.EventType != null && b.EventType.SchedulingType == SchedulingType.Managed ? b.EventType.Title : null,
            })
            .FirstOrDefaultAsync(ct);
        if (booking is null) return new ReassignChoices(SchedulingType.None, "", null, [], "This booking is not in CalAdmin's mirror yet.");
        var first = booking.Hosts.Select(id => (int?)id).FirstOrDefault();
        if (booking.CalComEventTypeId is not { } eventTypeId) return new ReassignChoices(SchedulingType.None, "", first, [], "Cal.com did not say which event type this booking is of.");
        // A managed booking names a host's child, which Cal.com answers as a personal event type (or not at all to a team admin).
        if (booking.Managed is { } managedTitle) return new ReassignChoices(SchedulingType.Managed, managedTitle, first, []);

        var eventType = (await calCom.GetTeamEventTypesAsync(cancellationToken: ct)).FirstOrDefault(e => e.Id == eventTypeId)
            ?? await calCom.GetEventTypeAsync(eventTypeId, ct);
        var kind = KindOf(eventType.SchedulingType);
        var title = eventType.Title ?? eventType.Slug ?? $"Event type {eventTypeId}";
        if (kind != SchedulingType.RoundRobin) return new ReassignChoices(kind, title, first, []);

        var roundRobin = (eventType.Hosts ?? []).Where(h => h.Mandatory != true).ToList();
        var current = booking.Hosts.Select(id => (int?)id).FirstOrDefault(id => roundRobin.Any(h => h.UserId == id)) ?? first;
        var candidates = roundRobin.Where(h => !booking.Hosts.Contains(h.UserId)).ToList();
        var calComIds = candidates.Select(h => h.UserId).ToList();
        var hostRows = await db.Hosts.AsNoTracking().Where(h => calComIds.Contains(h.CalComUserId)).Select(h => new { h.Id, h.CalComUserId }).ToListAsync(ct);
        var hostIds = hostRows.Select(h => h.Id).ToList();
        var busy = await db.BookingHosts.AsNoTracking()
            .Where(h => hostIds.Contains(h.HostId) && h.BookingId != booking.Id
                && h.Booking.StartUtc < booking.EndUtc && h.Booking.EndUtc > booking.StartUtc
                && (h.Booking.Status == BookingStatus.Accepted || h.Booking.Status == BookingStatus.Pending || h.Booking.Status == BookingStatus.AwaitingPayment))
            .Select(h => new { h.HostId, h.Booking.Title })
            .ToListAsync(ct);
        var labels = await HostLabels.LoadAsync(db, ct);

        var choices = candidates.Select(h =>
        {
            var row = hostRows.FirstOrDefault(r => r.CalComUserId == h.UserId);
            var name = row is not null && labels.TryGetValue(row.Id, out var label) ? label.Name : h.Name ?? h.Username ?? $"Cal.com user {h.UserId}";
            var clash = row is null ? null : busy.FirstOrDefault(b => b.HostId == row.Id)?.Title;
            return new HostChoice(h.UserId, name, clash is null, clash);
        }).OrderByDescending(c => c.Free).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var currentRow = current is { } c ? await db.Hosts.AsNoTracking().Where(h => h.CalComUserId == c).Select(h => new { h.Id, h.Name }).FirstOrDefaultAsync(ct) : null;
        var currentName = currentRow is null ? null : labels.TryGetValue(currentRow.Id, out var currentLabel) ? currentLabel.Name : currentRow.Name;
        return new ReassignChoices(kind, title, current, choices, CurrentHostName: currentName);
    }

    public static SchedulingType KindOf(string? schedulingType) => schedulingType?.ToLowerInvariant() switch
    {
        "roundrobin" or "round_robin" => SchedulingType.RoundRobin,
        "collective" => SchedulingType.Collective,
        "managed" => SchedulingType.Managed,
        _ => SchedulingType.None,
    };
}
