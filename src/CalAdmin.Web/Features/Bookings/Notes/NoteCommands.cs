using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Notes;

/// <summary>Writes internal notes: only in CalAdmin's database (Cal.com never sees them), audited, and told to open pages.</summary>
public sealed class NoteCommands(IDbContextFactory<AppDbContext> dbFactory, WriteGate writes, IChangeFeed feed, TimeProvider clock, ILogger<NoteCommands> logger)
{
    public const string AuditAction = "booking.note";

    /// <summary>Staff and Admin write notes, as they act on bookings; Managers read them.</summary>
    public static bool CanWrite(ClaimsPrincipal user) => Actions.BookingCommands.CanAct(user);

    /// <summary>Adds a note to the booking <paramref name="uid"/>; the text is stored exactly as given (only surrounding blank lines trimmed).</summary>
    public async Task<NoteResult> AddAsync(ClaimsPrincipal actor, string uid, string? text, CancellationToken ct = default)
    {
        if (!CanWrite(actor)) throw new UnauthorizedAccessException("Only Staff and Admin users can write notes; Managers can read them.");
        var body = text?.Trim('\r', '\n', ' ', '\t');
        if (string.IsNullOrEmpty(body)) return new NoteResult(false, "Write the note first.");
        if (body.Length > BookingNote.MaxLength) return new NoteResult(false, $"A note can be at most {BookingNote.MaxLength} characters; this one has {body.Length}.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using (await writes.EnterAsync(ct))
        {
            var booking = await db.Bookings.Where(b => b.Uid == uid).Select(b => new { b.Id, b.Title }).SingleOrDefaultAsync(ct);
            if (booking is null) return new NoteResult(false, $"No booking with the id “{uid}” is known to CalAdmin.");
            var now = clock.GetUtcNow().UtcDateTime;
            var author = actor.Identity?.Name ?? "unknown";
            db.BookingNotes.Add(new BookingNote { BookingId = booking.Id, Text = body, Author = author, CreatedAt = now });
            db.AuditEntries.Add(Audit.Audit.Entry(actor, AuditAction, "Booking", uid, null, new { note = body }, now));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Note added to booking {BookingUid}", uid);
            feed.Publish(new ChangeNotice(ChangeNotice.Bookings, [uid], $"CalAdmin: a note on booking '{booking.Title}'"));
        }
        return new NoteResult(true, "Note saved. It stays in CalAdmin and is not sent to Cal.com.");
    }

    /// <summary>The notes of one booking, oldest first.</summary>
    public async Task<IReadOnlyList<NoteLine>> ForBookingAsync(int bookingId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await BookingNotes.ForBookingsAsync(db, [bookingId], ct))[bookingId].ToList();
    }
}

public sealed record NoteResult(bool Succeeded, string Message);
