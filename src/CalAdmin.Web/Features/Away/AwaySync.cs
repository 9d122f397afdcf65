using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings.Mirror;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Away;

/// <summary>
/// Reads every active host's out-of-office entries after the nightly team sync (one call per host, inside the shared
/// rate limit) and makes the mirror match: new and changed entries applied, entries Cal.com no longer has removed.
/// OOO_CREATED keeps the mirror current between syncs; Cal.com sends no trigger when an entry is changed or deleted.
/// </summary>
public sealed class AwaySync(CalComClient calCom, IDbContextFactory<AppDbContext> dbFactory, WriteGate writes, IChangeFeed feed, TimeProvider clock, ILogger<AwaySync> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Cal.com out-of-office entries")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        List<Host> hosts;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
            hosts = await read.Hosts.AsNoTracking().Where(h => h.Active).OrderBy(h => h.Id).ToListAsync(ct);

        var changed = 0;
        foreach (var host in hosts)
        {
            var entries = await calCom.GetAllOutOfOfficeAsync(host.CalComUserId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            using var turn = await writes.EnterAsync(ct);
            var reference = new HostRef(host.CalComUserId, host.Name, host.Email, host.Username, host.TimeZone);
            var resolver = new HostResolver(db, now);
            foreach (var entry in entries)
                await AwayMirror.ApplyAsync(db, resolver, now, AwayState.Of(entry, reference), ct);
            var kept = entries.Select(e => e.Id).ToList();
            changed += await db.AwayEntries.Where(a => a.HostId == host.Id && !kept.Contains(a.CalComId)).ExecuteDeleteAsync(ct);
            changed += await db.SaveChangesAsync(ct);
        }
        logger.LogInformation("Read out-of-office entries of {Hosts} hosts: {Changed} rows changed", hosts.Count, changed);
        if (changed > 0) feed.Publish(new ChangeNotice(ChangeNotice.Away, []));
        return changed;
    }
}
