using System.Globalization;
using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>An out-of-office entry as Cal.com states it (API answer or OOO_CREATED delivery), whatever brought it.</summary>
public sealed record AwayState(int CalComId, string? Uuid, HostRef User, int? ToCalComUserId, DateTime StartUtc, DateTime EndUtc, string? Reason, string? Notes)
{
    public static AwayState Of(CalComOutOfOffice o, HostRef user) =>
        new(o.Id, o.Uuid, user, o.ToUserId, o.Start.UtcDateTime, o.End.UtcDateTime, o.Reason, o.Notes);

    /// <summary>OOO_CREATED's <c>payload.oooEntry</c>; null when it lacks an id, a user id, start or end.</summary>
    public static AwayState? FromDelivery(JsonElement root)
    {
        if (root.Obj("payload")?.Obj("oooEntry") is not { } e) return null;
        if (e.Int("id") is not { } id || e.Obj("user") is not { } u || u.Int("id") is not { } userId
            || e.Time("start") is not { } start || e.Time("end") is not { } end) return null;
        // The delivery names the reason by its translation key ("ooo_reasons_vacation"); the API by its plain name.
        var reason = e.Obj("reason")?.Str("reason") is { } key ? key.Replace("ooo_reasons_", "", StringComparison.Ordinal) : null;
        return new AwayState(id, e.Str("uuid"), new HostRef(userId, u.Str("name"), u.Str("email"), u.Str("username"), u.Str("timeZone")),
            e.Obj("toUser")?.Int("id"), start, end, reason, e.Str("notes"));
    }
}

/// <summary>The one write path of <see cref="AwayEntry"/> rows: inserts or updates by Cal.com's id.</summary>
public static class AwayMirror
{
    /// <summary>Applies the entry; null when its user is not a host CalAdmin knows or can create.</summary>
    public static async Task<AwayEntry?> ApplyAsync(AppDbContext db, HostResolver hosts, DateTime now, AwayState state, CancellationToken ct)
    {
        var host = await hosts.ResolveAsync(state.User, ct);
        if (host is null) return null;
        var row = db.AwayEntries.Local.FirstOrDefault(a => a.CalComId == state.CalComId)
            ?? await db.AwayEntries.FirstOrDefaultAsync(a => a.CalComId == state.CalComId, ct);
        if (row is null)
        {
            row = new AwayEntry { CalComId = state.CalComId, CreatedAt = now };
            db.AwayEntries.Add(row);
        }
        row.Host = host;
        row.Uuid = state.Uuid;
        row.ToCalComUserId = state.ToCalComUserId;
        row.StartUtc = state.StartUtc;
        row.EndUtc = state.EndUtc;
        row.Reason = state.Reason;
        row.Notes = state.Notes is { Length: > 2000 } long_ ? long_[..2000] : state.Notes;
        row.UpdatedAt = now;
        return row;
    }

    /// <summary>OOO_CREATED: the entry into the mirror, and a notice for open calendars and host pages.</summary>
    public static async Task<MirrorResult> ApplyDeliveryAsync(AppDbContext db, HostResolver hosts, DateTime now, JsonElement root, CancellationToken ct)
    {
        if (AwayState.FromDelivery(root) is not { } state)
            return MirrorResult.Of(MirrorOutcome.Failed, "The OOO_CREATED payload has no oooEntry with id, user, start and end.");
        var row = await ApplyAsync(db, hosts, now, state, ct);
        if (row is null) return MirrorResult.Of(MirrorOutcome.Ignored, "The out-of-office entry's user is not a host CalAdmin knows.");
        var who = state.User.Name ?? state.User.Email ?? $"Cal.com user {state.User.Id}";
        return new MirrorResult(MirrorOutcome.Applied, null,
            [new ChangeNotice(ChangeNotice.Away, [state.CalComId.ToString(CultureInfo.InvariantCulture)], $"Cal.com: {who} is away {state.StartUtc:yyyy-MM-dd} to {state.EndUtc:yyyy-MM-dd}")]);
    }
}
