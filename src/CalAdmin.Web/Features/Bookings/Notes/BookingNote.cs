using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Notes;

/// <summary>
/// A staff-only note on a booking ("will be 10 minutes late"): written in CalAdmin, never sent to Cal.com. The text is
/// kept exactly as typed and only ever shown through Razor's encoding, so markup in it stays text.
/// </summary>
public class BookingNote
{
    public const int MaxLength = 2000;

    public int Id { get; set; }
    public int BookingId { get; set; }
    public Booking Booking { get; set; } = null!;
    public required string Text { get; set; }
    /// <summary>The signed-in user's name (their email) when the note was written.</summary>
    public required string Author { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One note as pages, the export and other features read it.</summary>
public sealed record NoteLine(int BookingId, string Text, string Author, DateTime CreatedAt);

public static class BookingNotesModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<BookingNote>(e =>
        {
            e.Property(n => n.Text).HasMaxLength(BookingNote.MaxLength);
            e.Property(n => n.Author).HasMaxLength(256);
            e.HasIndex(n => new { n.BookingId, n.CreatedAt });
            e.HasOne(n => n.Booking).WithMany().HasForeignKey(n => n.BookingId).OnDelete(DeleteBehavior.Cascade);
        });
        // A caller gives a phone number: found by equality or prefix on this index (Features/People, AttendeeSearch).
        builder.Entity<Attendee>(e => e.HasIndex(a => a.PhoneNumber));
    }
}
