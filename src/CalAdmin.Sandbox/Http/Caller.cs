using CalAdmin.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Sandbox.Http;

/// <summary>The user whose API key made the request: every Cal.com API key belongs to one user, and acts as that user.</summary>
internal static class Caller
{
    public const string UserIdItem = "sandbox.userId";

    /// <summary>
    /// The key's user; caller holds <see cref="SandboxState.Gate"/>. A member removed from the team keeps their Cal.com
    /// account and key, but no role: they get a stand-in without a membership.
    /// </summary>
    public static SandboxUser KeyUser(this HttpContext http, SandboxState state)
    {
        var id = http.Items[UserIdItem] is int userId ? userId : state.MeUserId;
        return state.FindUser(id) ?? new SandboxUser
        {
            Id = id, Name = $"User {id}", Email = $"user-{id}@sandbox.example.com", Username = $"user-{id}", TimeZone = "UTC",
            WorkingHours = WorkingHours.NineToFive, Role = "", Accepted = false,
        };
    }
}
