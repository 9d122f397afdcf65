using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Tests.Webhooks;

/// <summary>An acknowledged delivery is durable: a process killed right after the 200 has its effect after restart.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_delivery_acknowledged_just_before_a_crash_is_applied_after_restart()
    {
        var workDir = Directory.CreateTempSubdirectory("caladmin-crash-").FullName;
        // No sync or import: the only bookings must be the ones the webhook brings.
        var secret = new Dictionary<string, string> { ["CalCom__WebhookSecrets__0"] = WebhookClient.Secret, ["CalAdmin__Jobs__RunServer"] = "false" };

        // First life: it stores and acknowledges but is not allowed to apply, so only the inbox can carry the effect.
        await using (var first = await DashboardProcess.StartAsync(workDir, new Dictionary<string, string>(secret) { ["CalAdmin__Webhooks__ApplyDeliveries"] = "false" }))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            var response = await http.SendAsync(WebhookClient.Signed(File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "booking_created.json"))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await first.KillAsync();
        }
        Assert.Equal(0, await CountBookingsAsync(workDir));

        // Second life: the pending delivery is applied at start.
        await using var second = await DashboardProcess.StartAsync(workDir, secret);
        await Eventually.TrueAsync(async () => await CountBookingsAsync(workDir) > 0, "the delivery stored before the crash applied", 30_000);
        await using var db = Open(workDir);
        var booking = await db.Bookings.SingleAsync();
        Assert.Equal("unique-booking-id", booking.Uid);
        Assert.Equal(BookingStatus.Accepted, booking.Status);
    }

    private static SqliteAppDbContext Open(string workDir) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(workDir, "data", "caladmin.db")}").Options);

    private static async Task<int> CountBookingsAsync(string workDir)
    {
        await using var db = Open(workDir);
        return await db.Bookings.CountAsync();
    }
}
