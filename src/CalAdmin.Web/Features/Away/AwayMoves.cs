using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>What the person confirmed for one booking of the preview.</summary>
public sealed record AwayItemPlan(string Uid, AwayPlan Plan, int? ToCalComUserId = null, int? RebookEventTypeId = null, string? Reason = null);

/// <summary>
/// The away host's commands: mark a host away (an out-of-office entry made in Cal.com, mirrored from its answer), and
/// start a move of the host's bookings (the plan saved, then worked through by <see cref="AwayMoveJob"/> in Hangfire).
/// </summary>
public sealed class AwayMoves(
    CalComClient calCom,
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    IBackgroundJobClient jobs,
    IChangeFeed feed,
    TimeProvider clock)
{
    /// <summary>Creates the entry in Cal.com once, then mirrors Cal.com's answer; refusals come back as text.</summary>
    public async Task<(bool Ok, string Message)> MarkAwayAsync(ClaimsPrincipal actor, int hostId, DateOnly from, DateOnly to, string reason, string? notes, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (to < from) return (false, "The last day must not be before the first.");
        if (!CalComOutOfOfficeReasons.All.Contains(reason)) return (false, $"Choose a reason: {string.Join(", ", CalComOutOfOfficeReasons.All)}.");
        Host? host;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
            host = await read.Hosts.AsNoTracking().FirstOrDefaultAsync(h => h.Id == hostId, ct);
        if (host is null) return (false, "That host does not exist.");

        CalComOutOfOffice answer;
        try
        {
            answer = await calCom.CreateOutOfOfficeAsync(host.CalComUserId,
                new CreateOutOfOfficeRequest($"{from:yyyy-MM-dd}T00:00:00.000Z", $"{to:yyyy-MM-dd}T23:59:59.999Z", Clean(notes), null, reason), ct);
        }
        catch (CalComException ex)
        {
            return (false, CalComRefusals.Explain(ex));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        using (await writes.EnterAsync(ct))
        {
            var tracked = await db.Hosts.FirstAsync(h => h.Id == hostId, ct);
            var resolver = new Bookings.Mirror.HostResolver(db, now);
            await AwayMirror.ApplyAsync(db, resolver, now, AwayState.Of(answer, new Bookings.Mirror.HostRef(tracked.CalComUserId, tracked.Name, tracked.Email, tracked.Username, tracked.TimeZone)), ct);
            db.AuditEntries.Add(Audit.Audit.Entry(actor, "host.away", "Host", host.CalComUserId.ToString(), null,
                new { calComId = answer.Id, start = answer.Start, end = answer.End, reason, notes = Clean(notes) }, now));
            await db.SaveChangesAsync(ct);
        }
        feed.Publish(new ChangeNotice(ChangeNotice.Away, [answer.Id.ToString()], $"CalAdmin: {host.Name ?? host.Email} is away {from:yyyy-MM-dd} to {to:yyyy-MM-dd}"));
        return (true, $"{host.Name ?? host.Email} is away from {from:d MMM} to {to:d MMM} in Cal.com.");
    }

    /// <summary>Saves the confirmed plan and enqueues the job; returns the move's id.</summary>
    public async Task<int> StartAsync(ClaimsPrincipal actor, int hostId, DateTime fromUtc, DateTime toUtc, IReadOnlyList<AwayItemPlan> items,
        IReadOnlyList<AwayBooking> preview, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var roles = new[] { Roles.Admin, Roles.Staff }.Where(actor.IsInRole);
        var move = new AwayMove
        {
            HostId = hostId, FromUtc = fromUtc, ToUtc = toUtc, CreatedAt = now,
            CreatedBy = actor.Identity?.Name ?? "unknown", CreatedByRoles = string.Join(',', roles),
        };
        foreach (var item in items)
        {
            var booking = preview.FirstOrDefault(b => b.Uid == item.Uid);
            move.Items.Add(new AwayMoveItem
            {
                BookingUid = item.Uid, Title = booking?.Title, StartUtc = booking?.StartUtc ?? default, Plan = item.Plan,
                ToCalComUserId = item.ToCalComUserId, RebookEventTypeId = item.RebookEventTypeId, Reason = Clean(item.Reason),
                State = item.Plan == AwayPlan.Keep ? AwayItemState.Skipped : AwayItemState.Pending, UpdatedAt = now,
            });
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        using (await writes.EnterAsync(ct))
        {
            db.AwayMoves.Add(move);
            db.AuditEntries.Add(Audit.Audit.Entry(actor, "host.away-move", "Host", hostId.ToString(), null,
                new { from = fromUtc, to = toUtc, bookings = items.Count(i => i.Plan != AwayPlan.Keep) }, now));
            await db.SaveChangesAsync(ct);
        }
        jobs.Enqueue<AwayMoveJob>(j => j.RunAsync(move.Id, CancellationToken.None));
        feed.Publish(new ChangeNotice(ChangeNotice.Away, [move.Id.ToString()]));
        return move.Id;
    }

    public async Task<AwayMove?> LoadAsync(int moveId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AwayMoves.AsNoTracking().Include(m => m.Items.OrderBy(i => i.StartUtc)).FirstOrDefaultAsync(m => m.Id == moveId, ct);
    }

    private static void EnsureCanAct(ClaimsPrincipal actor)
    {
        if (!BookingCommands.CanAct(actor)) throw new UnauthorizedAccessException("Only Staff and Admin users can move bookings; Managers can read them.");
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
