using System.Text.Json.Nodes;
using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox.Webhooks;

/// <summary>OOO_CREATED's payload, <c>{oooEntry}</c>, with the keys of Cal.com's example delivery (webhook-payloads/ooo_created.json).</summary>
internal static class OutOfOfficePayloads
{
    // Cal.com's seeded OutOfOfficeReason rows: id, emoji and translation key per reason.
    private static readonly Dictionary<string, (int Id, string Emoji)> Reasons = new()
    {
        ["unspecified"] = (1, "🏝️"), ["vacation"] = (2, "🌴"), ["travel"] = (3, "✈️"), ["sick"] = (4, "🤒"), ["public_holiday"] = (5, "📅"),
    };

    public static JsonObject For(SandboxOutOfOffice entry, SandboxState state)
    {
        var reason = Reasons.TryGetValue(entry.Reason, out var r) ? r : Reasons["unspecified"];
        return new JsonObject
        {
            ["oooEntry"] = new JsonObject
            {
                ["id"] = entry.Id,
                ["start"] = Offset(entry.Start),
                ["end"] = Offset(entry.End),
                ["createdAt"] = Http.ApiResults.Iso(entry.CreatedAt),
                ["updatedAt"] = Http.ApiResults.Iso(entry.UpdatedAt),
                ["notes"] = entry.Notes,
                ["reason"] = new JsonObject { ["emoji"] = reason.Emoji, ["reason"] = "ooo_reasons_" + entry.Reason },
                ["reasonId"] = reason.Id,
                ["user"] = User(state.FindUser(entry.UserId)),
                ["toUser"] = entry.ToUserId is int to ? User(state.FindUser(to)) : null,
                ["uuid"] = entry.Uuid,
            },
        };
    }

    private static JsonObject? User(SandboxUser? user) => user is null ? null : new JsonObject
    {
        ["id"] = user.Id, ["name"] = user.Name, ["username"] = user.Username, ["email"] = user.Email, ["timeZone"] = user.TimeZone,
    };

    // The example delivery writes start and end with an offset ("2024-01-05T00:00:00+00:00"), not with milliseconds and Z.
    private static string Offset(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'");
}
