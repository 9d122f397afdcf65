using CalAdmin.Sandbox.Bookings;
using System.Globalization;
using System.Text.Json;
using CalAdmin.Sandbox.Http;
using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalAdmin.Sandbox.Endpoints;

/// <summary>
/// Out-of-office entries: the key user's own (/v2/me/ooo), a team member's (team admin) and an organization user's
/// (organization admin, Admin API). Shapes are the 2026 docs' UserOooOutputDto; creating one fires OOO_CREATED.
/// As Cal.com's CreateOutOfOfficeEntryDto does, start is moved to the start of its UTC day and end to the end of its.
/// </summary>
internal static class OutOfOfficeEndpoints
{
    public static readonly string[] Reasons = ["unspecified", "vacation", "travel", "sick", "public_holiday"];

    public static void MapOutOfOfficeEndpoints(this IEndpointRouteBuilder app, SandboxState state, SandboxOptions options, BookingRules rules)
    {
        app.MapGet("/v2/me/ooo", (HttpContext http) =>
        {
            lock (state.Gate) return List(http, state, http.KeyUser(state).Id);
        });
        app.MapPost("/v2/me/ooo", async (HttpContext http) =>
        {
            var body = await ReadAsync(http);
            lock (state.Gate) return Create(http, state, rules, http.KeyUser(state).Id, body);
        });

        app.MapGet("/v2/teams/{teamId:int}/users/{userId:int}/ooo", (int teamId, int userId, HttpContext http) =>
        {
            lock (state.Gate)
                return TeamGuard(http, state, teamId, userId) ?? List(http, state, userId);
        });
        app.MapPost("/v2/teams/{teamId:int}/users/{userId:int}/ooo", async (int teamId, int userId, HttpContext http) =>
        {
            var body = await ReadAsync(http);
            lock (state.Gate)
                return TeamGuard(http, state, teamId, userId) ?? Create(http, state, rules, userId, body);
        });

        app.MapGet("/v2/organizations/{orgId:int}/ooo", (int orgId, HttpContext http) =>
        {
            lock (state.Gate)
                return Permissions.RequireOrgAdmin(http, state, options, http.KeyUser(state), orgId) ?? List(http, state, null);
        });
        app.MapGet("/v2/organizations/{orgId:int}/users/{userId:int}/ooo", (int orgId, int userId, HttpContext http) =>
        {
            lock (state.Gate)
                return OrgGuard(http, state, options, orgId, userId) ?? List(http, state, userId);
        });
        app.MapPost("/v2/organizations/{orgId:int}/users/{userId:int}/ooo", async (int orgId, int userId, HttpContext http) =>
        {
            var body = await ReadAsync(http);
            lock (state.Gate)
                return OrgGuard(http, state, options, orgId, userId) ?? Create(http, state, rules, userId, body);
        });
    }

    private static IResult? TeamGuard(HttpContext http, SandboxState state, int teamId, int userId) =>
        Permissions.RequireTeamAdmin(http, state, http.KeyUser(state), teamId)
        ?? (state.FindUser(userId) is null ? ApiResults.NotFound(http, $"User with id={userId} is not a member of team with id={teamId}") : null);

    private static IResult? OrgGuard(HttpContext http, SandboxState state, SandboxOptions options, int orgId, int userId) =>
        Permissions.RequireOrgAdmin(http, state, options, http.KeyUser(state), orgId)
        ?? (state.FindUser(userId) is null ? ApiResults.NotFound(http, $"User with id={userId} is not part of the organization") : null);

    private static IResult List(HttpContext http, SandboxState state, int? userId)
    {
        if (!Paging.TryRead(http, defaultTake: 250, out var paging, out var error)) return error!;
        var query = http.Request.Query;
        IEnumerable<SandboxOutOfOffice> entries = state.OutOfOffice.Where(o => userId is null || o.UserId == userId).OrderBy(o => o.Id);
        if (query["sortStart"] == "desc") entries = entries.OrderByDescending(o => o.Start);
        else if (query["sortStart"] == "asc") entries = entries.OrderBy(o => o.Start);
        if (query["sortEnd"] == "desc") entries = entries.OrderByDescending(o => o.End);
        else if (query["sortEnd"] == "asc") entries = entries.OrderBy(o => o.End);
        return ApiResults.Success(entries.Skip(paging.Skip).Take(paging.Take).Select(Output).ToList());
    }

    private static IResult Create(HttpContext http, SandboxState state, BookingRules rules, int userId, JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } input) return ApiResults.BadRequest(http, "Request body must be a JSON object");
        if (!TryDate(input, "start", out var start)) return ApiResults.BadRequest(http, "start must be a valid ISO 8601 date string");
        if (!TryDate(input, "end", out var end)) return ApiResults.BadRequest(http, "end must be a valid ISO 8601 date string");
        var reason = input.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "unspecified";
        if (!Reasons.Contains(reason)) return ApiResults.BadRequest(http, $"reason must be one of the following values: {string.Join(", ", Reasons)}");
        int? toUserId = input.TryGetProperty("toUserId", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
        var notes = input.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;

        start = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero);
        end = new DateTimeOffset(end.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddMilliseconds(-1);
        if (start > end) return ApiResults.BadRequest(http, "Start date must be before end date.");
        if (toUserId == userId) return ApiResults.BadRequest(http, "Cannot redirect to the same user.");
        if (toUserId is int to && state.FindUser(to) is null) return ApiResults.BadRequest(http, $"User with id={to} to redirect to does not exist.");
        if (state.OutOfOffice.Any(o => o.UserId == userId && o.Covers(start, end)))
            return ApiResults.Error(http, StatusCodes.Status409Conflict, "Cannot create an out of office entry that overlaps an existing one.");

        var entry = rules.AddOutOfOffice(userId, start, end, reason, notes, toUserId);
        return ApiResults.Success(Output(entry), StatusCodes.Status201Created);
    }

    private static object Output(SandboxOutOfOffice o) => new
    {
        userId = o.UserId, toUserId = o.ToUserId, id = o.Id, uuid = o.Uuid,
        start = ApiResults.Iso(o.Start), end = ApiResults.Iso(o.End), notes = o.Notes, reason = o.Reason,
    };

    private static bool TryDate(JsonElement input, string name, out DateTimeOffset value)
    {
        value = default;
        return input.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static async Task<JsonElement?> ReadAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<JsonElement>(ApiResults.Json, http.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
