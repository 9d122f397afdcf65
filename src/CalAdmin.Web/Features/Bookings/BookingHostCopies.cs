using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CalAdmin.Web.Features.Bookings;

/// <summary>
/// Keeps each <see cref="BookingHost"/>'s copies of its booking's start, status and event type equal to the booking's. Every save of
/// <see cref="AppDbContext"/> that touches a booking calls it: before the save for the rows the context holds, and after
/// it, in the same transaction, for the rows it does not (a booking cancelled without its hosts loaded).
/// </summary>
public static class BookingHostCopies
{
    /// <summary>Before the save: the host rows this context tracks take their loaded booking's start, status and event type.</summary>
    public static void CopyTracked(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<BookingHost>())
        {
            if (entry.State == EntityState.Deleted || entry.Entity.Booking is not { } booking) continue;
            if (entry.Entity.StartUtc != booking.StartUtc) entry.Entity.StartUtc = booking.StartUtc;
            if (entry.Entity.Status != booking.Status) entry.Entity.Status = booking.Status;
            if (entry.Entity.EventTypeId != booking.EventTypeId) entry.Entity.EventTypeId = booking.EventTypeId;
        }
    }

    /// <summary>After the save: the saved host rows of these bookings whose copies differ from their booking's row.</summary>
    public static async Task CopySavedAsync(AppDbContext db, IReadOnlyCollection<int> bookingIds, CancellationToken ct)
    {
        foreach (var chunk in bookingIds.Chunk(500))
            await db.BookingHosts
                .Where(h => chunk.Contains(h.BookingId) && db.Bookings.Any(b => b.Id == h.BookingId && (b.StartUtc != h.StartUtc || b.Status != h.Status || b.EventTypeId != h.EventTypeId)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(h => h.StartUtc, h => db.Bookings.Where(b => b.Id == h.BookingId).Select(b => b.StartUtc).First())
                    .SetProperty(h => h.Status, h => db.Bookings.Where(b => b.Id == h.BookingId).Select(b => b.Status).First())
                    .SetProperty(h => h.EventTypeId, h => db.Bookings.Where(b => b.Id == h.BookingId).Select(b => b.EventTypeId).First()), ct);
    }
}
