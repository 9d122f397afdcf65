using System.Text.Json;
using CalAdmin.Sandbox.Bookings;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Slots;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Sandbox.Activity;

/// <summary>One change the activity made: what kind, to which booking (an out-of-office entry: its uuid), and the booking it produced (a reschedule's new uid).</summary>
public sealed record ActivityChange(string Kind, string BookingUid, string? NewBookingUid = null);

/// <summary>
/// The demo business living on its own (<see cref="SandboxOptions.Activity"/>): every <see cref="SandboxOptions.ActivityInterval"/>
/// on the sandbox's clock, one change of the kind a Cal.com user makes in Cal.com's own app, through the same
/// <see cref="BookingRules"/> as the API, so each fires the sandbox's own signed webhook. The kinds take turns; a kind
/// that finds nothing to change gives its turn to the next. Nothing happens while no webhook listens, so no change
/// goes unseen. Adding a kind is one line in <see cref="Kinds"/>.
/// </summary>
public sealed class SandboxActivity : IDisposable
{
    private static readonly (string Name, Func<SandboxActivity, ActivityChange?> Apply)[] Kinds =
    [
        ("new booking", a => a.NewBooking()),
        ("cancellation", a => a.Cancellation()),
        ("reschedule", a => a.Reschedule()),
        ("reassignment", a => a.Reassignment()),
        ("no-show", a => a.NoShow()),
        ("out of office", a => a.OutOfOffice()),
    ];

    private static readonly string[] Names =
        ["Lena Vogel", "Tariq Aziz", "Hanna Berg", "Marco Ricci", "Yuki Sato", "Amara Obi", "Jonas Lind", "Sofia Duarte", "Paul Klein", "Nadia Haddad"];

    private readonly SandboxState state;
    private readonly BookingRules rules;
    private readonly Availability availability;
    private readonly Random random;
    private readonly string attendeeZone;
    private readonly ILogger logger;
    private readonly ITimer? timer;
    private int next;
    private int running;

    internal SandboxActivity(SandboxState state, BookingRules rules, SandboxOptions options, ILogger logger)
    {
        this.state = state;
        this.rules = rules;
        this.logger = logger;
        availability = new Availability(state);
        random = new Random(options.Seed + 1);
        attendeeZone = options.TimeZone ?? "UTC";
        if (options.Activity)
            timer = state.Clock.CreateTimer(_ => Tick(), null, options.ActivityInterval, options.ActivityInterval);
    }

    /// <summary>The kinds of change, in the order they take turns.</summary>
    public static IReadOnlyList<string> KindNames { get; } = Kinds.Select(k => k.Name).ToArray();

    /// <summary>Whether the timer runs (the setting was on).</summary>
    public bool Running => timer is not null;

    /// <summary>
    /// Makes the next change: the next kind's turn, or the kind after it when that one finds nothing to change. Null when
    /// no webhook listens or nothing at all could change.
    /// </summary>
    public ActivityChange? Step()
    {
        lock (state.Gate)
        {
            if (!state.Webhooks.Any(w => w.Active)) return null;
            for (var tried = 0; tried < Kinds.Length; tried++)
            {
                var kind = Kinds[next];
                next = (next + 1) % Kinds.Length;
                if (kind.Apply(this) is { } change) return change;
            }
            return null;
        }
    }

    /// <summary>Makes one change of the named kind, if it finds something to change (tests).</summary>
    public ActivityChange? Step(string kind)
    {
        lock (state.Gate) return Kinds.Single(k => k.Name == kind).Apply(this);
    }

    private void Tick()
    {
        // A slow step (a big state under load) is skipped rather than stacked.
        if (Interlocked.Exchange(ref running, 1) == 1) return;
        try
        {
            if (Step() is { } change)
                logger.LogInformation("Sandbox activity: {Kind} ({Id})", change.Kind, change.NewBookingUid ?? change.BookingUid);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Sandbox activity step failed");
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    private T? Pick<T>(IReadOnlyList<T> items) where T : class => items.Count == 0 ? null : items[random.Next(items.Count)];

    private List<SandboxBooking> Upcoming(Func<SandboxBooking, bool>? also = null) => state.Bookings
        .Where(b => b.Status == BookingStatuses.Accepted && b.Start > state.Now.AddHours(1) && b.Start < state.Now.AddDays(14) && (also?.Invoke(b) ?? true))
        .OrderBy(b => b.Id)
        .ToList();

    /// <summary>A free slot of the event type in the next week, at least an hour ahead; null when there is none.</summary>
    private DateTimeOffset? FreeSlot(SandboxEventType eventType, string? ignoreBookingUid)
    {
        var slots = availability.SlotStarts(eventType, state.Now.AddHours(1), state.Now.AddDays(7), ignoreBookingUid);
        return slots.Count == 0 ? null : slots[random.Next(slots.Count)];
    }

    private ActivityChange? NewBooking()
    {
        var eventTypes = state.EventTypes.Where(e => e.IsTeamEvent && e.SchedulingType != SchedulingTypes.Managed).OrderBy(e => e.Id).ToList();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (Pick(eventTypes) is not { } eventType || FreeSlot(eventType, null) is not { } start) continue;
            var name = Names[random.Next(Names.Length)];
            var email = $"{name.Split(' ')[0].ToLowerInvariant()}.{state.Bookings.Count + 1}@customer.example.org";
            var answers = eventType.BookingFields.Where(f => f.Required)
                .ToDictionary(f => f.Slug, _ => JsonSerializer.SerializeToElement("VW Golf"));
            var created = rules.Create(new CreateBookingRequest(start.ToString("O"), new BookingAttendeeInput(name, email, attendeeZone, null, "en"),
                eventType.Id, null, null, null, null, null, null, answers, null, null));
            if (created.Ok) return new ActivityChange("new booking", created.Value!.Uid);
        }
        return null;
    }

    private ActivityChange? Cancellation() =>
        Pick(Upcoming()) is { } booking && rules.Cancel(booking.Uid, "The customer cancelled in Cal.com").Ok
            ? new ActivityChange("cancellation", booking.Uid)
            : null;

    private ActivityChange? Reschedule()
    {
        if (Pick(Upcoming()) is not { } booking || state.FindEventType(booking.EventTypeId) is not { } eventType) return null;
        if (FreeSlot(eventType, booking.Uid) is not { } start) return null;
        // The attendee moves it from the link in their confirmation email.
        var moved = rules.Reschedule(booking.Uid, new RescheduleBookingRequest(start.ToString("O"), booking.Attendees.FirstOrDefault()?.Email, "Another time suits me better"));
        return moved.Ok ? new ActivityChange("reschedule", booking.Uid, moved.Value!.Uid) : null;
    }

    private ActivityChange? Reassignment()
    {
        var roundRobin = Upcoming(b => state.FindEventType(b.EventTypeId)?.SchedulingType == SchedulingTypes.RoundRobin);
        for (var attempt = 0; attempt < 3 && roundRobin.Count > 0; attempt++)
        {
            var booking = roundRobin[random.Next(roundRobin.Count)];
            if (rules.Reassign(booking.Uid, null, "Reassigned by a team admin in Cal.com").Ok) return new ActivityChange("reassignment", booking.Uid);
            roundRobin.Remove(booking);
        }
        return null;
    }

    private ActivityChange? NoShow()
    {
        var ended = state.Bookings
            .Where(b => b.Status == BookingStatuses.Accepted && b.End <= state.Now && b.End > state.Now.AddDays(-7) && b.Attendees.Count > 0 && b.Attendees.All(a => !a.Absent))
            .OrderBy(b => b.Id)
            .ToList();
        if (Pick(ended) is not { } booking) return null;
        var marked = rules.MarkAbsent(booking.Uid, new MarkAbsentRequest(null, [new MarkAbsentAttendee(booking.Attendees[0].Email, true)]));
        return marked.Ok ? new ActivityChange("no-show", booking.Uid) : null;
    }

    /// <summary>A host of upcoming bookings is off sick for a whole UTC day 2–6 days ahead (OOO_CREATED); their bookings stay.</summary>
    private ActivityChange? OutOfOffice()
    {
        var day = new DateTimeOffset(state.Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(2 + random.Next(5));
        var (start, end) = (day, day.AddDays(1).AddMilliseconds(-1));
        var hosts = Upcoming().SelectMany(b => b.HostIds).Distinct().Order()
            .Where(id => !state.OutOfOffice.Any(o => o.UserId == id && o.Covers(start, end)))
            .ToList();
        if (hosts.Count == 0) return null;
        var entry = rules.AddOutOfOffice(hosts[random.Next(hosts.Count)], start, end, "sick", "Called in sick", null);
        return new ActivityChange("out of office", entry.Uuid);
    }

    public void Dispose() => timer?.Dispose();
}
