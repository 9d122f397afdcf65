using CalAdmin.Web.Features.Reassignments;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Mirror;

/// <summary>
/// Host changes: who left and who joined, and the one history row per change, whichever source noticed it first
/// (CalAdmin's own action, the BOOKING_REASSIGNED delivery, reconciliation). See docs/mirror.md.
/// </summary>
public sealed partial class BookingMirror
{
    /// <summary>
    /// BOOKING_REASSIGNED: <c>removedHostUserIds</c> → <c>addedHostUserIds</c> of Cal.com's payload; where a payload
    /// lacks them, the hosts the copy removed and added (fixed hosts stay on both sides, so it is the round-robin host).
    /// </summary>
    private async Task<bool> RecordReassignedAsync(Booking booking, BookingSnapshot s, List<Host> before, DateTime at, CancellationToken ct)
    {
        var after = booking.Hosts.Select(h => h.Host).ToList();
        var to = s.AddedHostIds is [var addedId, ..] ? await Hosts.ResolveAsync(new HostRef(addedId, null, null, null, null), ct)
            : after.FirstOrDefault(h => !before.Contains(h)) ?? after.FirstOrDefault();
        var from = s.RemovedHostIds is [var removedId, ..] ? await Hosts.ResolveAsync(new HostRef(removedId, null, null, null, null), ct)
            : before.FirstOrDefault(h => !after.Contains(h));
        return await RecordReassignmentAsync(booking, from?.Id, to, null, at, ReassignmentSource.CalComWebhook, ct);
    }

    /// <summary>A listed booking whose hosts differ from the row's: the host that left and the one that joined, wherever they stand.</summary>
    private async Task<bool> RecordHostChangeAsync(Booking booking, List<Host> before, DateTime at, ReassignmentSource source, CancellationToken ct)
    {
        if (before.Count == 0 || booking.Hosts.Select(h => h.Host).FirstOrDefault(h => !before.Contains(h)) is not { } joined) return false;
        if (before.FirstOrDefault(h => booking.Hosts.All(x => x.Host != h)) is not { } left) return false;
        return await RecordReassignmentAsync(booking, left.Id, joined, null, at, source, ct);
    }

    /// <summary>
    /// The reassignment CalAdmin asked Cal.com for, with who and why. When the webhook of the same change was quicker
    /// and wrote its row since <paramref name="askedAt"/>, this one takes that row over rather than adding a second.
    /// </summary>
    public async Task RecordActionReassignmentAsync(Booking booking, int? fromCalComUserId, HostRef to, string byUser, string reason, DateTime askedAt, CancellationToken ct)
    {
        if (await Hosts.ResolveAsync(to, ct) is not { } toHost) return;
        var fromHostId = fromCalComUserId is { } f ? await db.Hosts.Where(h => h.CalComUserId == f).Select(h => (int?)h.Id).FirstOrDefaultAsync(ct) : null;
        var seen = booking.Id == 0 ? null : await db.Reassignments.FirstOrDefaultAsync(r => r.BookingId == booking.Id && r.Source == ReassignmentSource.CalComWebhook
            && r.ToHostId == toHost.Id && r.RecordedAt >= askedAt, ct);
        if (seen is not null)
        {
            seen.Source = ReassignmentSource.CalAdmin;
            seen.ByUser = byUser;
            seen.Reason = reason;
            seen.FromHostId ??= fromHostId;
            return;
        }
        db.Reassignments.Add(new Reassignment
        {
            Booking = booking, FromHostId = fromHostId, ToHost = toHost, Reason = reason, Source = ReassignmentSource.CalAdmin,
            ByUser = byUser, At = now, RecordedAt = now,
        });
    }

    /// <summary>
    /// Writes one host change into the history unless the history already has it: each change is noticed by whichever
    /// source sees it first and confirmed, not repeated, by the others. False when nothing was written.
    /// </summary>
    private async Task<bool> RecordReassignmentAsync(Booking booking, int? fromHostId, Host? to, string? reason, DateTime at, ReassignmentSource source, CancellationToken ct)
    {
        if (to is null || (fromHostId is not null && fromHostId == to.Id && to.Id != 0)) return false;
        // Replaying the same delivery must not write the history twice.
        if (booking.Id != 0 && to.Id != 0 && await db.Reassignments.AnyAsync(r => r.BookingId == booking.Id && r.At == at && r.ToHostId == to.Id, ct))
            return false;
        // A history that already ends with this host has this reassignment: typically the row CalAdmin wrote when it
        // asked Cal.com to reassign, or the one reconciliation wrote when the delivery was missing.
        if (booking.Id != 0 && to.Id != 0 && await db.Reassignments.Where(r => r.BookingId == booking.Id)
                .OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Select(r => r.ToHostId).FirstOrDefaultAsync(ct) == to.Id)
            return false;
        db.Reassignments.Add(new Reassignment
        {
            Booking = booking, FromHostId = fromHostId, ToHost = to, Reason = reason,
            Source = source, At = at, RecordedAt = now,
        });
        return true;
    }
}
