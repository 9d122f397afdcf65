using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>Host changes: who a BOOKING_REASSIGNED replaced, and the one history row per change.</summary>
public static partial class DeliveryApplier
{
    /// <summary>
    /// Who left and who joined: <c>removedHostUserIds</c> → <c>addedHostUserIds</c> of Cal.com's payload; where a payload
    /// lacks them, the hosts the copy removed and added (fixed hosts stay on both sides, so it is the round-robin host).
    /// </summary>
    private static async Task<(Host? From, Host? To)> ReassignedHostsAsync(JsonElement? root, Booking booking, List<Host> before, HostDirectory hosts, CancellationToken ct)
    {
        var (added, removed) = root is { } body ? WebhookPayload.ReadHostChange(body) : ([], []);
        var after = booking.Hosts.Select(h => h.Host).ToList();
        var to = added is [var addedId, ..] ? await hosts.ResolveAsync(new HostRef(addedId, null, null, null, null), ct)
            : after.FirstOrDefault(h => !before.Contains(h)) ?? after.FirstOrDefault();
        var from = removed is [var removedId, ..] ? await hosts.ResolveAsync(new HostRef(removedId, null, null, null, null), ct)
            : before.FirstOrDefault(h => !after.Contains(h));
        return (from, to);
    }

    /// <summary>
    /// Writes one host change into the history unless the history already has it. Each change is noticed by whichever
    /// source sees it first (CalAdmin's own action, the BOOKING_REASSIGNED delivery, or reconciliation when the delivery
    /// never came) and confirmed, not repeated, by the others. False when nothing was written.
    /// </summary>
    internal static async Task<bool> RecordReassignmentAsync(AppDbContext db, Booking booking, int? fromHostId, Host? to, string? reason, DateTime at, DateTime now, ReassignmentSource source, CancellationToken ct)
    {
        if (to is null || (fromHostId is not null && fromHostId == to.Id && to.Id != 0)) return false;
        // Replaying the same delivery must not write the history twice.
        if (booking.Id != 0 && to.Id != 0 && await db.Reassignments.AnyAsync(r => r.BookingId == booking.Id && r.At == at && r.ToHostId == to.Id, ct))
            return false;
        // A history that already ends with this host has this reassignment: typically the row CalAdmin wrote when it
        // asked Cal.com to reassign (source CalAdmin, with who and why), or the one reconciliation wrote when the
        // delivery was missing, which this delivery only confirms.
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
