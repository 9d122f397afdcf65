using System.Security.Claims;
using CalAdmin.Sandbox;
using CalAdmin.Sandbox.Model;
using CalAdmin.Web.Features.Users;

namespace CalAdmin.Tests.Sync;

internal static class SyncTestData
{
    public static ClaimsPrincipal User(string role, string name = "someone@test.local") =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Role, role)], "test"));

    public static ClaimsPrincipal Admin => User(Roles.Admin, "admin@test.local");

    public static Task<SandboxServer> SandboxAsync(int teamSize = 12, int bookings = 0) =>
        SandboxServer.StartAsync(new SandboxOptions { TimeProvider = TestClock.Provider, TeamSize = teamSize, BookingCount = bookings, WebhookDeliveryEnabled = false });

    public static List<SandboxUser> Users(SandboxServer sandbox)
    {
        lock (sandbox.State.Gate) return sandbox.State.Users.ToList();
    }
}
