using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>What every action shares: call Cal.com once, read back, apply the answer, retry our own write, audit, publish.</summary>
public sealed partial class BookingCommands
{
    /// <summary>One action on an existing booking: the Cal.com call, how to see that it took effect, and what to audit.</summary>
    private sealed record BookingAction(string Uid, string AuditAction, string Verb, Func<Task<CalComBooking>> Call, Func<CalComBooking, bool> TookEffect)
    {
        /// <summary>How to find the answer when Cal.com gave none; by default the booking read back, if it took effect.</summary>
        public Func<Task<CalComBooking?>>? ReadBack { get; init; }
        public object? Detail { get; init; }
        /// <summary>A second booking the audit names (the old booking of a reschedule).</summary>
        public string? AlsoAuditUid { get; init; }
        public Action<Booking>? Adjust { get; init; }
        /// <summary>The verb open pages are told; by default <see cref="Verb"/>.</summary>
        public string? NoticeVerb { get; init; }
    }

    private Task<BookingActionResult> ActAsync(ClaimsPrincipal actor, string key, BookingAction action, Func<CalComBooking, string> done, CancellationToken ct)
    {
        EnsureCanAct(actor);
        return guard.RunOnceAsync(key, async () =>
        {
            var before = await BeforeAsync(action.Uid, ct);
            var (answer, failure) = await CallOnceAsync(action.Verb, action.Call, action.ReadBack ?? (() => ReadBackAsync(action.Uid, action.TookEffect, ct)));
            if (failure is not null) return failure;
            await RecordAsync(actor, action.AuditAction, answer!, before, action.Detail, action.NoticeVerb ?? action.Verb, ct, action.AlsoAuditUid, action.Adjust);
            return BookingActionResult.Done(done(answer!), action.AlsoAuditUid is null ? action.Uid : answer!.Uid);
        });
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

    /// <summary>Applies the answer, audits, commits, then tells open pages (after the commit, so they read the change).</summary>
    private async Task RecordAsync(ClaimsPrincipal actor, string action, CalComBooking answer, AuditView? before, object? detail, string verb, CancellationToken ct,
        string? alsoAuditUid = null, Action<Booking>? adjust = null)
    {
        var title = answer.Title ?? answer.Uid;
        await WriteAsync(async (mirror, db, now) =>
        {
            var row = await mirror.ApplyAnswerAsync(answer, ct);
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
    /// One short-lived context (and mirror) per attempt. The webhook of the same change may insert the booking between
    /// our read and our insert (unique uid): then the write runs again on a fresh context, which finds the row. Only our
    /// database is retried, never Cal.com.
    /// </summary>
    private async Task WriteAsync(Func<BookingMirror, AppDbContext, DateTime, Task> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // In turn with the webhook applier (on SQLite), so the read below sees what it committed.
            using var turn = await writes.EnterAsync(ct);
            var now = Now;
            await write(new BookingMirror(db, now), db, now);
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
