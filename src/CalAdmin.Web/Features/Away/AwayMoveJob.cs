using System.Globalization;
using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Jobs;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>
/// Works through a move's bookings, one Cal.com action each through <see cref="BookingCommands"/> (so each gets its
/// history row, audit and notice as if clicked), within the shared rate limit of the Cal.com client. Each item's state
/// is saved before the call (Calling) and after it (Done, Failed, Uncertain): a run that starts again (restart, retry)
/// skips finished items and reads back a Calling item's booking instead of calling Cal.com a second time.
/// </summary>
public sealed class AwayMoveJob(
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    CalComClient calCom,
    IServiceScopeFactory scopes,
    CalComCallMeter meter,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<AwayMoveJob> logger)
{
    // Renewed at every item: a run that died holds it at most this long before a retry takes over.
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(2);

    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 10)]
    [JobDisplayName("Move an away host's bookings (move {0})")]
    public async Task RunAsync(int moveId, CancellationToken ct)
    {
        var lease = $"away-move-{moveId.ToString(CultureInfo.InvariantCulture)}";
        var holder = $"{Environment.MachineName}-{Guid.NewGuid():N}";
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (!await JobLeases.TryAcquireAsync(db, lease, holder, Now, LeaseTtl, ct))
                // Thrown, not returned: Hangfire tries again later, and takes over once a dead run's lease has expired.
                throw new InvalidOperationException($"Move {moveId} is being worked on by another run; trying again later.");
        using var calls = meter.Start();
        try
        {
            await WorkAsync(moveId, lease, holder, ct);
        }
        finally
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await JobLeases.ReleaseAsync(db, lease, holder, CancellationToken.None);
            logger.LogInformation("Move {MoveId} ran with {Requests} Cal.com requests", moveId, calls.Requests);
        }
    }

    private async Task WorkAsync(int moveId, string lease, string holder, CancellationToken ct)
    {
        AwayMove? move;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            move = await db.AwayMoves.AsNoTracking().Include(m => m.Host).Include(m => m.Items).FirstOrDefaultAsync(m => m.Id == moveId, ct);
        if (move is null) return;
        var actor = ActorOf(move);
        var awayUser = move.Host.CalComUserId;

        foreach (var item in move.Items.Where(i => i.State is AwayItemState.Pending or AwayItemState.Calling).OrderBy(i => i.StartUtc).ThenBy(i => i.Id))
        {
            ct.ThrowIfCancellationRequested();
            if (item.State == AwayItemState.Calling)
            {
                var (known, tookEffect) = await ReadBackAsync(item, awayUser, ct);
                if (!known || tookEffect)
                {
                    await SaveAsync(item, tookEffect ? AwayItemState.Done : AwayItemState.Uncertain,
                        tookEffect ? "Done before CalAdmin restarted (checked by reading the booking back)."
                            : "CalAdmin stopped during this booking and cannot tell whether Cal.com made the change: look at the booking.", item.BookingUid, lease, holder, ct);
                    continue;
                }
            }
            await SaveAsync(item, AwayItemState.Calling, null, null, lease, holder, ct);
            var result = await ActAsync(actor, item, ct);
            var state = result.Succeeded ? AwayItemState.Done : result.Uncertain ? AwayItemState.Uncertain : AwayItemState.Failed;
            await SaveAsync(item, state, result.Message, result.BookingUid ?? item.BookingUid, lease, holder, ct);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.AwayMoves.Where(m => m.Id == moveId).ExecuteUpdateAsync(s => s.SetProperty(m => m.FinishedAt, Now), ct);
        feed.Publish(new ChangeNotice(ChangeNotice.Away, [moveId.ToString(CultureInfo.InvariantCulture)], "CalAdmin: the away host's bookings are moved"));
    }

    private async Task<BookingActionResult> ActAsync(ClaimsPrincipal actor, AwayMoveItem item, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<BookingCommands>();
        var reason = item.Reason ?? "The host is away";
        try
        {
            return item.Plan switch
            {
                AwayPlan.Reassign => await commands.ReassignAsync(actor, item.BookingUid, item.ToCalComUserId, reason, ct),
                AwayPlan.Cancel => await commands.CancelAsync(actor, item.BookingUid, reason, ct),
                AwayPlan.Rebook when await ReplacementAsync(item, ct) is { } replacement =>
                    await commands.RebookWithAnotherHostAsync(actor, item.BookingUid, replacement, reason, ct),
                AwayPlan.Rebook => BookingActionResult.Refused("Choose the event type to book again on; the booking is unchanged."),
                _ => BookingActionResult.Refused("Nothing to do."),
            };
        }
        catch (CalComException ex)
        {
            return BookingActionResult.Refused(CalComRefusals.Explain(ex));
        }
    }

    /// <summary>The same attendee at the same time, on the chosen event type of another host.</summary>
    private async Task<NewBooking?> ReplacementAsync(AwayMoveItem item, CancellationToken ct)
    {
        if (item.RebookEventTypeId is not { } eventTypeId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Attendees)
            .FirstOrDefaultAsync(b => b.Uid == item.BookingUid, ct);
        var attendee = booking?.Attendees.OrderBy(a => a.Id).FirstOrDefault();
        if (booking is null || attendee is null) return null;
        return new NewBooking(eventTypeId, new DateTimeOffset(booking.StartUtc, TimeSpan.Zero), attendee.Name, attendee.Email,
            attendee.TimeZone ?? "UTC", attendee.PhoneNumber);
    }

    /// <summary>Whether the item's action shows in Cal.com (a read, never the action again); known false when the read fails.</summary>
    private async Task<(bool Known, bool TookEffect)> ReadBackAsync(AwayMoveItem item, int awayUser, CancellationToken ct)
    {
        CalComBooking booking;
        try { booking = await calCom.GetBookingAsync(item.BookingUid, ct); }
        catch (CalComException ex)
        {
            logger.LogWarning("Could not read booking {BookingUid} back after a restart: {Reason}", item.BookingUid, ex.CalComCode ?? "no answer");
            return (false, false);
        }
        var cancelled = booking.Status == CalComBookingStatuses.Cancelled;
        return item.Plan switch
        {
            AwayPlan.Reassign => (true, !(booking.Hosts ?? []).Any(h => h.Id == awayUser)),
            AwayPlan.Cancel => (true, cancelled),
            // Rebooking makes a booking before it cancels: with the old one still live, a replacement may exist already.
            AwayPlan.Rebook => (cancelled, cancelled),
            _ => (true, false),
        };
    }

    private async Task SaveAsync(AwayMoveItem item, AwayItemState state, string? result, string? resultUid, string lease, string holder, CancellationToken ct)
    {
        item.State = state;
        item.Result = result is { Length: > 2000 } ? result[..2000] : result;
        item.ResultUid = resultUid;
        item.UpdatedAt = Now;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        using (await writes.EnterAsync(ct))
        {
            // A run that lost its lease (expired, taken over) writes nothing more.
            if (!await JobLeases.RenewAsync(db, lease, holder, Now, LeaseTtl, ct))
                throw new InvalidOperationException("This move lost its lease to another run, so it stopped.");
            await db.AwayMoveItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, state)
                .SetProperty(i => i.Result, item.Result)
                .SetProperty(i => i.ResultUid, resultUid)
                .SetProperty(i => i.UpdatedAt, item.UpdatedAt), ct);
        }
        feed.Publish(new ChangeNotice(ChangeNotice.Away, [item.MoveId.ToString(CultureInfo.InvariantCulture)]));
    }

    private static ClaimsPrincipal ActorOf(AwayMove move)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, move.CreatedBy) };
        claims.AddRange(move.CreatedByRoles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "AwayMove"));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
