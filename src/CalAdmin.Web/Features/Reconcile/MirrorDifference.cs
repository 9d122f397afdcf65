using System.Globalization;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Features.Reconcile;

/// <summary>
/// What differs between a mirrored booking and Cal.com's current state of it, in the fields a missed webhook leaves
/// wrong: status, times, hosts, attendees, location and title. Fields Cal.com's list leaves out are not differences
/// (the copy keeps the mirror's value for them too).
/// </summary>
public static class MirrorDifference
{
    public static IReadOnlyList<string> Describe(Booking row, CalComBooking b)
    {
        var changes = new List<string>();
        var status = ListedBookings.StatusOf(b);
        if (status != row.Status) changes.Add($"status {row.Status} → {status}");
        if (b.Start.UtcDateTime != row.StartUtc || b.End.UtcDateTime != row.EndUtc)
            changes.Add($"time {Time(row.StartUtc)}–{Time(row.EndUtc)} → {Time(b.Start.UtcDateTime)}–{Time(b.End.UtcDateTime)} UTC");

        var mirroredHosts = row.Hosts.OrderBy(h => h.Order).Select(h => h.Host).ToList();
        if (b.Hosts is { Count: > 0 } hosts && !hosts.Select(h => h.Id).SequenceEqual(mirroredHosts.Select(h => h.CalComUserId)))
        {
            var before = mirroredHosts.Count == 0 ? "none" : string.Join(", ", mirroredHosts.Select(h => h.DisplayName));
            var after = string.Join(", ", hosts.Select(h => h.Name ?? h.Username ?? h.Email ?? $"Cal.com user {h.Id}"));
            changes.Add($"host {before} → {after}");
        }

        var attendees = (b.Attendees ?? []).Where(a => !string.IsNullOrEmpty(a.Email)).Select(a => a.Email!.ToLowerInvariant()).ToHashSet();
        if (attendees.Count > 0 && !attendees.SetEquals(row.Attendees.Select(a => a.Email.ToLowerInvariant())))
            changes.Add($"attendees {row.Attendees.Count} → {attendees.Count}");
        if (b.Location is { } location && location != row.Location) changes.Add("location changed");
        if (b.Title is { } title && title != row.Title) changes.Add("title changed");
        return changes;
    }

    /// <summary>How a booking the mirror did not have is described.</summary>
    public static string DescribeMissing(CalComBooking b) =>
        $"not in the mirror: {ListedBookings.StatusOf(b)}, {Time(b.Start.UtcDateTime)} UTC";

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
