using System.Data.Common;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// Keeps <see cref="InsightsFact"/> in step with the booking mirror. <see cref="AppDbContext"/> calls it from every save
/// that adds, changes or removes a booking, a booking's host or an attendee: the facts of those bookings are written
/// again from the saved rows, in the same transaction, so the copy is never older than the mirror.
/// </summary>
public static class InsightsFactsUpkeep
{
    /// <summary>The entries of a save that change what the facts of their booking say (taken before the save).</summary>
    public static TouchedBookings Touched(ChangeTracker tracker)
    {
        if (tracker.AutoDetectChangesEnabled) tracker.DetectChanges();
        return new TouchedBookings(tracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && e.Entity is Booking or BookingHost or Attendee)
            .Select(e => (e, e.State == EntityState.Added && e.Entity is Booking))
            .ToList());
    }

    /// <summary>The touched entries, and which of them are bookings new in this save (they have no facts yet).</summary>
    public sealed class TouchedBookings(List<(EntityEntry Entry, bool NewBooking)> entries)
    {
        public int Count => entries.Count;

        /// <summary>The days of the facts of bookings this save deletes (the database drops those facts with them).</summary>
        public HashSet<int> DeletedDays { get; } = [];

        /// <summary>Before the save, in its transaction: notes the days the deleted bookings' facts are on.</summary>
        public async Task BeforeSaveAsync(AppDbContext db, CancellationToken ct)
        {
            var gone = entries.Where(e => e.Entry.State == EntityState.Deleted && e.Entry.Entity is Booking).Select(e => ((Booking)e.Entry.Entity).Id).ToList();
            if (gone.Count == 0) return;
            DeletedDays.UnionWith((await db.InsightsFacts.Where(f => gone.Contains(f.BookingId)).Select(f => f.StartUtc).Distinct().ToListAsync(ct)).Select(DayOf));
        }

        /// <summary>
        /// The bookings the entries belong to, read after the save gave the new ones their ids. Through the entry, not the
        /// entity: a save whose changes are not accepted yet holds the generated ids in the entries only.
        /// </summary>
        public List<int> BookingIds(bool onlyNew = false) =>
            entries.Where(e => !onlyNew || e.NewBooking).Select(e => e.Entry.Entity switch
                {
                    Booking => e.Entry.Property(nameof(Booking.Id)).CurrentValue,
                    BookingHost => e.Entry.Property(nameof(BookingHost.BookingId)).CurrentValue,
                    Attendee => e.Entry.Property(nameof(Attendee.BookingId)).CurrentValue,
                    _ => null,
                })
                .OfType<int>().Where(id => id > 0).Distinct().ToList();
    }

    /// <summary>After the save: writes the facts of the touched bookings again where they changed.</summary>
    public static async Task RefreshAsync(AppDbContext db, TouchedBookings touched, CancellationToken ct)
    {
        await RefreshAsync(db, touched.BookingIds(), touched.BookingIds(onlyNew: true).ToHashSet(), ct);
        await TouchDaysAsync(db, touched.DeletedDays, ct);
    }

    /// <summary>
    /// Writes the facts of these bookings again from their saved rows (none for a booking that is gone) where they differ
    /// from the facts kept, and moves the version of each UTC day such a booking left or joined. A save that changes nothing
    /// counted (a title, a location, the same delivery again) costs two reads.
    /// </summary>
    public static async Task RefreshAsync(AppDbContext db, IReadOnlyCollection<int> bookingIds, IReadOnlySet<int> newBookings, CancellationToken ct = default)
    {
        foreach (var chunk in bookingIds.Chunk(500))
        {
            var fresh = (await Of(db.BookingHosts.Where(h => chunk.Contains(h.BookingId))).ToListAsync(ct))
                .OrderBy(f => f.HostId).ToLookup(f => f.BookingId);
            var kept = chunk.All(newBookings.Contains)
                ? Enumerable.Empty<InsightsFact>().ToLookup(f => f.BookingId)
                : (await db.InsightsFacts.AsNoTracking().Where(f => chunk.Contains(f.BookingId)).ToListAsync(ct)).OrderBy(f => f.HostId).ToLookup(f => f.BookingId);
            var changed = chunk.Where(id => !fresh[id].Select(FactRow.Of).SequenceEqual(kept[id].Select(FactRow.Of))).ToList();
            if (changed.Count == 0) continue;

            var replaced = changed.Where(id => kept[id].Any()).ToList();
            if (replaced.Count > 0) await db.InsightsFacts.Where(f => replaced.Contains(f.BookingId)).ExecuteDeleteAsync(ct);
            var written = changed.SelectMany(id => fresh[id]).ToList();
            await InsertAsync(db, written, ct);
            await TouchDaysAsync(db, changed.SelectMany(id => kept[id]).Concat(written).Select(f => DayOf(f.StartUtc)).ToHashSet(), ct);
        }
    }

    private static int DayOf(DateTime utc) => InsightsFactsModel.DayOf(InsightsFactsModel.ToUnixSeconds(utc));

    /// <summary>Moves the version of these days (a day seen for the first time starts at 1; versions never go back).</summary>
    private static async Task TouchDaysAsync(AppDbContext db, HashSet<int> days, CancellationToken ct)
    {
        if (days.Count == 0) return;
        var list = days.ToList();
        if (await db.InsightsDays.Where(d => list.Contains(d.Day)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, d => d.Version + 1), ct) == list.Count)
            return;
        var known = await db.InsightsDays.Where(d => list.Contains(d.Day)).Select(d => d.Day).ToListAsync(ct);
        await InsertRowsAsync(db, "InsightsDays", ["Day", "Version"], list.Except(known).Select(day => new object?[] { day, 1L }).ToList(), ct);
    }

    /// <summary>Writes every fact again from the mirror, a batch of bookings at a time (for a mirror filled by bulk SQL).</summary>
    public static async Task<int> RebuildAsync(AppDbContext db, CancellationToken ct = default)
    {
        // The days that lose every fact move too.
        await db.InsightsDays.ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, d => d.Version + 1), ct);
        await db.InsightsFacts.ExecuteDeleteAsync(ct);
        var written = 0;
        var after = 0;
        while (true)
        {
            var last = await db.Bookings.Where(b => b.Id > after).OrderBy(b => b.Id).Skip(4_999).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct)
                ?? int.MaxValue;
            var facts = await Of(db.BookingHosts.Where(h => h.BookingId > after && h.BookingId <= last)).ToListAsync(ct);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await InsertAsync(db, facts, ct);
                await TouchDaysAsync(db, facts.Select(f => DayOf(f.StartUtc)).ToHashSet(), ct);
                await tx.CommitAsync(ct);
            });
            written += facts.Count;
            if (last == int.MaxValue) return written;
            after = last;
        }
    }

    /// <summary>What each of these host rows counts as (the definitions of <see cref="InsightsDefinitions"/>).</summary>
    private static IQueryable<InsightsFact> Of(IQueryable<BookingHost> hosts) =>
        hosts.AsNoTracking().Select(h => new InsightsFact
        {
            BookingId = h.BookingId,
            HostId = h.HostId,
            EventTypeId = h.Booking.EventTypeId,
            StartUtc = h.Booking.StartUtc,
            EndUtc = h.Booking.EndUtc,
            CreatedUtc = h.Booking.CalComCreatedAt ?? h.Booking.CreatedAt,
            Status = h.Booking.Status,
            MeetingEnded = h.Booking.MeetingState == MeetingState.Ended,
            HostAbsent = h.Absent || (h.Order == 0 && h.Booking.HostAbsent),
            AttendeeAbsent = h.Booking.Attendees.Any(a => a.Absent),
            Rebooked = h.Booking.RescheduledFromUid != null,
        });

    private static readonly string[] Columns =
        ["BookingId", "HostId", "EventTypeId", "StartUtc", "EndUtc", "CreatedUtc", "Status", "MeetingEnded", "HostAbsent", "AttendeeAbsent", "Rebooked"];

    private static Task InsertAsync(AppDbContext db, IReadOnlyList<InsightsFact> facts, CancellationToken ct) =>
        InsertRowsAsync(db, "InsightsFacts", Columns, facts.Select(f => new object?[]
        {
            f.BookingId, f.HostId, f.EventTypeId, InsightsFactsModel.ToUnixSeconds(f.StartUtc), InsightsFactsModel.ToUnixSeconds(f.EndUtc),
            InsightsFactsModel.ToUnixSeconds(f.CreatedUtc), (int)f.Status, f.MeetingEnded, f.HostAbsent, f.AttendeeAbsent, f.Rebooked,
        }).ToList(), ct);

    /// <summary>
    /// Inserts rows with plain multi-row INSERTs on the context's connection and transaction: not through the change
    /// tracker, whose other entries may still be waiting to be accepted (a save inside an execution strategy).
    /// </summary>
    private static async Task InsertRowsAsync(AppDbContext db, string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c)))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // SQL Server takes at most 2,100 parameters a command.
            foreach (var batch in rows.Chunk(2_000 / columns.Length))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = head + string.Join(", ", batch.Select((row, i) =>
                    "(" + string.Join(", ", row.Select((value, c) => Parameter(command, $"@p{i}_{c}", value))) + ")"));
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return name;
    }
}
