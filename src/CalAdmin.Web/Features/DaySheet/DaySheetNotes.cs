namespace CalAdmin.Web.Features.DaySheet;

/// <summary>A staff-only note on a booking, as the day sheet prints it.</summary>
public sealed record DaySheetNote(string Text, string Author, DateTime AtUtc);

/// <summary>
/// Where the day sheet reads internal notes from. The notes themselves (BookingNote) come with the person-page work;
/// until that is merged, <see cref="NoDaySheetNotes"/> stands in. MERGE: replace that registration in
/// <see cref="DaySheetSetup"/> with a reader over BookingNote; this is the day sheet's only call site for notes.
/// </summary>
public interface IDaySheetNotes
{
    /// <summary>The notes of the given bookings (CalAdmin row ids), oldest first per booking.</summary>
    Task<ILookup<int, DaySheetNote>> ForBookingsAsync(IReadOnlyCollection<int> bookingIds, CancellationToken ct);
}

/// <summary>No notes yet: the stand-in until BookingNote is merged.</summary>
public sealed class NoDaySheetNotes : IDaySheetNotes
{
    public Task<ILookup<int, DaySheetNote>> ForBookingsAsync(IReadOnlyCollection<int> bookingIds, CancellationToken ct) =>
        Task.FromResult(Array.Empty<(int Id, DaySheetNote Note)>().ToLookup(x => x.Id, x => x.Note));
}
