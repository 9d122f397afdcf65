using System.Security.Claims;
using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>What an action came to; <see cref="Message"/> is plain text for the person who clicked.</summary>
public sealed record BookingActionResult(bool Succeeded, string Message, string? BookingUid = null)
{
    /// <summary>A second submission of an action already running (or just done): it got the first one's result.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Cal.com did not answer and reading the booking back could not tell whether the action happened.</summary>
    public bool Uncertain { get; init; }

    public static BookingActionResult Done(string message, string uid) => new(true, message, uid);
    public static BookingActionResult Refused(string message) => new(false, message);
}

/// <summary>A new booking as the attendee form fills it; <see cref="Fields"/> answers the event type's own questions by slug.</summary>
public sealed record NewBooking(
    int EventTypeId,
    DateTimeOffset Start,
    string Name,
    string Email,
    string TimeZone,
    string? PhoneNumber = null,
    IReadOnlyDictionary<string, string>? Fields = null);

public sealed record AttendeeAbsence(string Email, bool Absent);

/// <summary>
/// Every Cal.com action on a booking. Each one: checks the actor's role (Staff and Admin act, Manager reads), calls
/// Cal.com exactly once (never retried; duplicates are absorbed by <see cref="BookingActionGuard"/>), reads the
/// booking back when Cal.com gave no answer, reflects Cal.com's answer into the mirror, audits, and tells open pages.
/// </summary>
public sealed partial class BookingCommands(
    CalComClient calCom,
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    BookingActionGuard guard,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<BookingCommands> logger)
{
    public static bool CanAct(ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);

    public Task<BookingActionResult> CreateAsync(ClaimsPrincipal actor, NewBooking request, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (Validate(request) is { } problem) return Task.FromResult(BookingActionResult.Refused(problem));
        return guard.RunOnceAsync(CreateKey(request), () => CreateCoreAsync(actor, request, ct));
    }

    public Task<BookingActionResult> CancelAsync(ClaimsPrincipal actor, string uid, string? reason, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        return guard.RunOnceAsync($"cancel:{uid}", async () =>
        {
            var before = await BeforeAsync(uid, ct);
            var (answer, failure) = await CallOnceAsync("cancelled",
                () => calCom.CancelBookingAsync(uid, Clean(reason), ct),
                () => ReadBackAsync(uid, b => b.Status == CalComBookingStatuses.Cancelled, ct));
            if (failure is not null) return failure;
            await RecordAsync(actor, "booking.cancel", answer!, before, new { reason = Clean(reason) }, "cancelled", ct);
            return BookingActionResult.Done("The booking is cancelled in Cal.com.", uid);
        });
    }

    /// <summary>
    /// Cal.com makes a new booking (new uid) and closes the old one; the result names the new uid. <c>rescheduledBy</c>
    /// is the signed-in person's email, as Cal.com defines it (the person rescheduling): when that is the booking's
    /// organizer and the event type needs confirmation, Cal.com confirms the new time at once; anyone else's reschedule
    /// waits for the host's confirmation, which is what the business chose by requiring confirmation.
    /// </summary>
    public Task<BookingActionResult> RescheduleAsync(ClaimsPrincipal actor, string uid, DateTimeOffset start, string? reason, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        return guard.RunOnceAsync($"reschedule:{uid}", async () =>
        {
            var before = await BeforeAsync(uid, ct);
            var request = new RescheduleBookingRequest(start.ToUniversalTime(), Clean(reason), EmailOf(actor));
            var (answer, failure) = await CallOnceAsync("rescheduled",
                () => calCom.RescheduleBookingAsync(uid, request, ct),
                async () => await ReadBackAsync(uid, b => b.RescheduledToUid is { Length: > 0 }, ct) is { RescheduledToUid: { } newUid }
                    ? await calCom.GetBookingAsync(newUid, ct) : null);
            if (failure is not null) return failure;
            await RecordAsync(actor, "booking.reschedule", answer!, before, new { rescheduledFrom = uid, reason = Clean(reason) }, "rescheduled", ct,
                alsoAuditUid: uid);
            return BookingActionResult.Done(answer!.Status == CalComBookingStatuses.Pending
                ? "Rescheduled; waiting for confirmation. Cal.com gave the booking a new id, and the host must confirm the new time."
                : "The booking is moved; Cal.com gave it a new booking id.", answer.Uid);
        });
    }

    public Task<BookingActionResult> ConfirmAsync(ClaimsPrincipal actor, string uid, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        return guard.RunOnceAsync($"confirm:{uid}", async () =>
        {
            var before = await BeforeAsync(uid, ct);
            var (answer, failure) = await CallOnceAsync("confirmed",
                () => calCom.ConfirmBookingAsync(uid, ct),
                () => ReadBackAsync(uid, b => b.Status == CalComBookingStatuses.Accepted, ct));
            if (failure is not null) return failure;
            await RecordAsync(actor, "booking.confirm", answer!, before, null, "confirmed", ct);
            return BookingActionResult.Done("The booking is confirmed.", uid);
        });
    }

    public Task<BookingActionResult> DeclineAsync(ClaimsPrincipal actor, string uid, string? reason, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        return guard.RunOnceAsync($"decline:{uid}", async () =>
        {
            var before = await BeforeAsync(uid, ct);
            var (answer, failure) = await CallOnceAsync("declined",
                () => calCom.DeclineBookingAsync(uid, Clean(reason), ct),
                () => ReadBackAsync(uid, b => b.Status == CalComBookingStatuses.Rejected, ct));
            if (failure is not null) return failure;
            await RecordAsync(actor, "booking.decline", answer!, before, new { reason = Clean(reason) }, "declined", ct,
                adjust: row => row.CancellationReason = Clean(reason) ?? row.CancellationReason);
            return BookingActionResult.Done("The booking is declined.", uid);
        });
    }

    /// <summary>
    /// Marks the host, and marks or unmarks attendees, as not having shown up; Cal.com allows it once the booking started.
    /// Cal.com only ever sets the host's mark (handleMarkNoShow ignores <c>host: false</c>), so there is no unmarking the host.
    /// </summary>
    public Task<BookingActionResult> MarkNoShowAsync(ClaimsPrincipal actor, string uid, bool? hostAbsent, IReadOnlyList<AttendeeAbsence> attendees, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (hostAbsent is false)
            return Task.FromResult(BookingActionResult.Refused("Cal.com cannot take back a host's no-show once it is marked; it ignores the request."));
        if (hostAbsent is null && attendees.Count == 0) return Task.FromResult(BookingActionResult.Refused("Choose the host or an attendee."));
        var key = $"noshow:{uid}:{hostAbsent}:{string.Join(',', attendees.Select(a => $"{a.Email.ToLowerInvariant()}={a.Absent}"))}";
        return guard.RunOnceAsync(key, async () =>
        {
            var before = await BeforeAsync(uid, ct);
            bool Matches(CalComBooking b) =>
                (hostAbsent is null || b.AbsentHost == hostAbsent)
                && attendees.All(m => b.Attendees?.Any(a => string.Equals(a.Email, m.Email, StringComparison.OrdinalIgnoreCase) && (a.Absent ?? false) == m.Absent) == true);
            var (answer, failure) = await CallOnceAsync("updated",
                () => calCom.MarkAbsentAsync(uid, new MarkAbsentRequest(hostAbsent, attendees.Count == 0 ? null : attendees.Select(a => new MarkAbsentAttendee(a.Email, a.Absent)).ToList()), ct),
                () => ReadBackAsync(uid, Matches, ct));
            if (failure is not null) return failure;
            await RecordAsync(actor, "booking.no-show", answer!, before, new { host = hostAbsent, attendees }, "no-show updated", ct);
            return BookingActionResult.Done("The no-show marks are saved in Cal.com.", uid);
        });
    }

    private async Task<BookingActionResult> CreateCoreAsync(ClaimsPrincipal actor, NewBooking request, CancellationToken ct)
    {
        var start = request.Start.ToUniversalTime();
        var email = request.Email.Trim();
        var fields = request.Fields?.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .ToDictionary(f => f.Key, f => JsonSerializer.SerializeToElement(f.Value.Trim()));
        var body = new CreateBookingRequest(start,
            new CreateBookingAttendee(request.Name.Trim(), request.TimeZone, email, string.IsNullOrWhiteSpace(request.PhoneNumber) ? null : request.PhoneNumber.Trim()),
            EventTypeId: request.EventTypeId,
            BookingFieldsResponses: fields is { Count: > 0 } ? fields : null);
        var (answer, failure) = await CallOnceAsync("created",
            () => calCom.CreateBookingAsync(body, ct),
            async () => (await calCom.GetAllBookingsAsync(new CalComBookingFilter(AfterStart: start.AddMinutes(-1), BeforeEnd: start.AddDays(1), EventTypeIds: [request.EventTypeId]), ct))
                .FirstOrDefault(b => b.Start == start && b.Attendees?.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)) == true));
        if (failure is not null) return failure;
        await RecordAsync(actor, "booking.create", answer!, null, null, "created", ct);
        var pending = answer!.Status == CalComBookingStatuses.Pending ? " It waits for the host's confirmation." : "";
        return BookingActionResult.Done($"The booking is made in Cal.com.{pending}", answer.Uid);
    }

    /// <summary>
    /// Calls Cal.com once. When Cal.com gave no answer (timeout, unreachable) the booking is read back: if the change is
    /// there it counts as done; if not, nothing happened and the person may try again; never an automatic retry.
    /// </summary>
    private async Task<(T? Answer, BookingActionResult? Failure)> CallOnceAsync<T>(string what, Func<Task<T>> call, Func<Task<T?>> readBack) where T : class
    {
        try
        {
            return (await call(), null);
        }
        catch (CalComException ex) when (ex.StatusCode is null)
        {
            logger.LogWarning("Cal.com gave no answer to {Operation}; reading the booking back before reporting", ex.Operation);
            try
            {
                return await readBack() is { } done
                    ? (done, null)
                    : (null, BookingActionResult.Refused($"Cal.com did not answer in time, and reading the booking back shows it was not {what}. Nothing changed; you can try again."));
            }
            catch (CalComException)
            {
                return (null, new BookingActionResult(false,
                    $"Cal.com did not answer, and CalAdmin could not check whether the booking was {what}. Look at the booking in a minute before trying again.") { Uncertain = true });
            }
        }
        catch (CalComException ex)
        {
            return (null, BookingActionResult.Refused(CalComRefusals.Explain(ex)));
        }
    }

    private async Task<CalComBooking?> ReadBackAsync(string uid, Func<CalComBooking, bool> tookEffect, CancellationToken ct) =>
        await calCom.GetBookingAsync(uid, ct) is var booking && tookEffect(booking) ? booking : null;

    /// <summary>Reflects the answer, audits, commits, then tells open pages (after the commit, so they read the change).</summary>
    private async Task RecordAsync(ClaimsPrincipal actor, string action, CalComBooking answer, AuditView? before, object? detail, string verb, CancellationToken ct,
        string? alsoAuditUid = null, Action<Booking>? adjust = null)
    {
        var title = answer.Title ?? answer.Uid;
        await WriteAsync(async (db, now) =>
        {
            var row = await BookingMirror.ReflectAsync(db, answer, now, ct);
            adjust?.Invoke(row);
            title = row.Title;
            var after = new AuditView(answer.Status ?? "", answer.Start.UtcDateTime, answer.End.UtcDateTime, (answer.Hosts ?? []).Select(h => h.Id).ToList(), detail);
            db.AuditEntries.Add(Audit.Audit.Entry(actor, action, "Booking", answer.Uid, alsoAuditUid is null ? before : null, after, now));
            if (alsoAuditUid is not null)
                db.AuditEntries.Add(Audit.Audit.Entry(actor, action, "Booking", alsoAuditUid, before, after with { Detail = new { rescheduledTo = answer.Uid } }, now));
        }, ct);
        logger.LogInformation("{Action} of booking {BookingUid} done in Cal.com", action, answer.Uid);
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, alsoAuditUid is null ? [answer.Uid] : [answer.Uid, alsoAuditUid], $"CalAdmin: booking '{title}' {verb}"));
    }

    /// <summary>
    /// One short-lived context per attempt. The webhook of the same change may insert the booking between our read and
    /// our insert (unique uid): then the write runs again on a fresh context, which finds the row. Only our database is
    /// retried, never Cal.com.
    /// </summary>
    private async Task WriteAsync(Func<AppDbContext, DateTime, Task> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // In turn with the webhook applier (on SQLite), so the read below sees what it committed.
            using var turn = await writes.EnterAsync(ct);
            var now = Now;
            await write(db, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 3)
            {
                logger.LogInformation("Mirror write raced a webhook ({Reason}); writing again", ex.GetBaseException().Message);
            }
        }
    }

    /// <summary>What the audit keeps of a booking: status, times and hosts (Cal.com user ids), and the action's own detail.</summary>
    private sealed record AuditView(string Status, DateTime StartUtc, DateTime EndUtc, IReadOnlyList<int> Hosts, object? Detail = null);

    private async Task<AuditView?> BeforeAsync(string uid, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Bookings.AsNoTracking().Where(b => b.Uid == uid)
            .Select(b => new { b.Status, b.StartUtc, b.EndUtc, Hosts = b.Hosts.OrderBy(h => h.Order).Select(h => h.Host.CalComUserId).ToList() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new AuditView(row.Status.ToString().ToLowerInvariant(), row.StartUtc, row.EndUtc, row.Hosts);
    }

    private static string? Validate(NewBooking request)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) return "Enter the attendee's name.";
        if (!System.Net.Mail.MailAddress.TryCreate(request.Email?.Trim(), out _)) return "Enter the attendee's email address.";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone ?? "", out _)) return "Choose the attendee's time zone.";
        return null;
    }

    private static string CreateKey(NewBooking r) =>
        $"create:{r.EventTypeId}:{r.Start.UtcDateTime:O}:{r.Email.Trim().ToLowerInvariant()}";

    private static void EnsureCanAct(ClaimsPrincipal actor)
    {
        if (!CanAct(actor)) throw new UnauthorizedAccessException("Only Staff and Admin users can change bookings; Managers can read them.");
    }

    private static string ActorName(ClaimsPrincipal actor) => actor.Identity?.Name ?? "unknown";

    /// <summary>The signed-in person's email (Identity's email claim, else a user name that is one).</summary>
    private static string? EmailOf(ClaimsPrincipal actor) =>
        new[] { actor.FindFirstValue(ClaimTypes.Email), actor.Identity?.Name }
            .FirstOrDefault(e => System.Net.Mail.MailAddress.TryCreate(e, out _));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
