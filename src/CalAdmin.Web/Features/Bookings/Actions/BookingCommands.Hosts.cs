using System.Security.Claims;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>Changing a booking's host: round-robin reassignment, and the guided rebooking for the other kinds.</summary>
public sealed partial class BookingCommands
{
    /// <summary>
    /// Round robin only: to <paramref name="toCalComUserId"/>, or to whoever Cal.com picks when null. Writes the one
    /// <see cref="Reassignment"/> row of this change (source CalAdmin, who, why); the BOOKING_REASSIGNED webhook that
    /// follows finds the history already ending with the new host and adds none.
    /// </summary>
    public Task<BookingActionResult> ReassignAsync(ClaimsPrincipal actor, string uid, int? toCalComUserId, string reason, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult(BookingActionResult.Refused("Give a reason for the reassignment."));
        return guard.RunOnceAsync($"reassign:{uid}", () => ReassignCoreAsync(actor, uid, toCalComUserId, reason.Trim(), ct));
    }

    /// <summary>
    /// The documented way round for collective and managed bookings, which Cal.com cannot reassign: book the
    /// replacement first (so the attendee is never left without a booking), then cancel the old one.
    /// </summary>
    public Task<BookingActionResult> RebookWithAnotherHostAsync(ClaimsPrincipal actor, string uid, NewBooking replacement, string reason, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult(BookingActionResult.Refused("Give a reason for the change of host."));
        if (Validate(replacement) is { } problem) return Task.FromResult(BookingActionResult.Refused(problem));
        return guard.RunOnceAsync($"rebook:{uid}", async () =>
        {
            var created = await CreateCoreAsync(actor, replacement, ct);
            if (!created.Succeeded) return created with { Message = created.Message + " The old booking is unchanged." };
            var newUid = created.BookingUid!;
            var before = await BeforeAsync(uid, ct);
            var why = $"{reason.Trim()} (rebooked with another host as {newUid})";
            var (answer, failure) = await CallOnceAsync("cancelled",
                () => calCom.CancelBookingAsync(uid, why, ct),
                () => ReadBackAsync(uid, b => b.Status == CalComBookingStatuses.Cancelled, ct));
            if (failure is not null)
                return new BookingActionResult(false, $"The new booking is made, but cancelling the old one failed: {failure.Message} Cancel the old booking by hand.", newUid);
            await RecordAsync(actor, "booking.rebook", answer!, before, new { reason = reason.Trim(), newBooking = newUid }, "cancelled and rebooked with another host", ct);
            return BookingActionResult.Done("The booking is made again with the other host, and the old one is cancelled.", newUid);
        });
    }

    private async Task<BookingActionResult> ReassignCoreAsync(ClaimsPrincipal actor, string uid, int? toCalComUserId, string reason, CancellationToken ct)
    {
        var before = await BeforeAsync(uid, ct);
        var hostsBefore = before?.Hosts ?? [];
        var startedAt = Now;
        var (answer, failure) = await CallOnceAsync("reassigned",
            () => toCalComUserId is { } userId ? calCom.ReassignBookingToUserAsync(uid, userId, reason, ct) : calCom.ReassignBookingAsync(uid, ct),
            async () => await ReadBackAsync(uid, b => HostChange.Between(hostsBefore, HostIds(b)) is not null, ct) is { Hosts: [var host, ..] }
                ? new CalComReassignment(uid, new CalComReassignedHost(host.Id, host.Name, host.Email)) : null);
        if (failure is not null) return failure;
        var answered = answer!.ReassignedTo ?? throw new CalComException("Cal.com did not say who the booking went to", "reassign booking");

        // Cal.com's answer names the booking's organizer, which stays the same when a fixed host organizes the booking:
        // read the booking (a read, not the action again) to see which host really left and which joined.
        CalComBooking? booking = null;
        try { booking = await calCom.GetBookingAsync(uid, ct); }
        catch (CalComException ex) { logger.LogWarning("Reading booking {BookingUid} after its reassignment failed: {Reason}", uid, ex.CalComCode ?? "no answer"); }
        if (booking is null && hostsBefore.Contains(answered.Id))
            return new BookingActionResult(false, "Cal.com accepted the reassignment, but CalAdmin could not read the booking back to see which host "
                + "changed. The booking updates when Cal.com's webhook or the next reconciliation arrives.", uid) { Uncertain = true };
        var change = booking is not null
            ? HostChange.Between(hostsBefore, HostIds(booking))
            : new HostChange(hostsBefore.FirstOrDefault(), answered.Id);
        if (change is null)
        {
            var kept = answered.Name ?? answered.Email ?? $"Cal.com user {answered.Id}";
            logger.LogInformation("Cal.com kept the host of booking {BookingUid}", uid);
            return BookingActionResult.Refused($"Cal.com kept {kept} as host: nobody else was available. Nothing changed.");
        }

        var to = booking?.Hosts?.FirstOrDefault(h => h.Id == change.To) is { } joined
            ? new HostRef(joined.Id, joined.Name, joined.Email, joined.Username, joined.TimeZone)
            : new HostRef(change.To, answered.Id == change.To ? answered.Name : null, answered.Id == change.To ? answered.Email : null, null, null);
        string? title = null;
        await WriteAsync(async (mirror, db, now) =>
        {
            var row = booking is not null ? await mirror.ApplyAnswerAsync(booking, ct) : await mirror.LoadAsync(uid, ct);
            if (row is not null)
                await mirror.RecordActionReassignmentAsync(row, change.From, to, ActorName(actor), reason, startedAt, ct);
            db.AuditEntries.Add(Audit.Audit.Entry(actor, "booking.reassign", "Booking", uid, before,
                new { hosts = booking is null ? [change.To] : HostIds(booking), replaced = change.From, toName = to.Name, automatic = toCalComUserId is null, reason }, now));
            title = row?.Title;
        }, ct);
        var name = to.Name ?? to.Email ?? $"Cal.com user {to.Id}";
        feed.Publish(new ChangeNotice(ChangeNotice.Bookings, [uid], $"CalAdmin: booking '{title ?? uid}' reassigned to {name}"));
        return BookingActionResult.Done($"{name} now hosts the booking.", uid);
    }

    private static IReadOnlyList<int> HostIds(CalComBooking booking) => (booking.Hosts ?? []).Select(h => h.Id).ToList();
}

/// <summary>
/// Which Cal.com user left a booking and which joined, from its hosts before and after. Fixed hosts stay, so only the
/// round-robin host differs, whatever its place in the list; null when nothing changed.
/// </summary>
public sealed record HostChange(int? From, int To)
{
    public static HostChange? Between(IReadOnlyList<int> before, IReadOnlyList<int> after)
    {
        var joined = after.Where(id => !before.Contains(id)).ToList();
        if (joined.Count == 0) return null;
        var left = before.Where(id => !after.Contains(id)).Select(id => (int?)id).FirstOrDefault();
        return new HostChange(left, joined[0]);
    }
}
