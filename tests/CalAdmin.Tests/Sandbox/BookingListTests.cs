using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// GET /v2/bookings as Cal.com serves it by cal-api-version: 2024-08-13 with take/skip and the pagination Cal.com's
/// getPagination computes (itemsReturned; hasNextPage = skip + take &lt; total, the total possibly an estimate or null),
/// and 2026-05-01 with cursor/limit ≤ 100 and one status per call, as the 2026 docs give it.
/// </summary>
public sealed class BookingListTests
{
    private static int Count(SandboxServer server, Func<CalAdmin.Sandbox.Model.SandboxBooking, bool>? where = null)
    {
        lock (server.State.Gate) return server.State.Bookings.Count(where ?? (_ => true));
    }

    [Fact]
    public async Task The_2024_08_13_list_pages_by_take_and_skip_with_Cal_coms_pagination_fields()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.BookingCount = 120);
        await using var sandbox = server;
        var total = Count(server);

        var (first, firstJson) = await client.GetJsonAsync("/v2/bookings?take=50&skip=0", "2024-08-13");
        var (last, lastJson) = await client.GetJsonAsync($"/v2/bookings?take=50&skip={total - 10}", "2024-08-13");

        Assert.Equal((200, 200), ((int)first.StatusCode, (int)last.StatusCode));
        var pagination = firstJson.GetProperty("pagination");
        Assert.Equal(["itemsReturned", "totalItems", "itemsPerPage", "remainingItems", "currentPage", "totalPages", "hasNextPage", "hasPreviousPage"],
            pagination.EnumerateObject().Select(p => p.Name));
        Assert.Equal((50, total, total - 50, true, false), (pagination.GetProperty("itemsReturned").GetInt32(), pagination.GetProperty("totalItems").GetInt32(),
            pagination.GetProperty("remainingItems").GetInt32(), pagination.GetProperty("hasNextPage").GetBoolean(), pagination.GetProperty("hasPreviousPage").GetBoolean()));
        Assert.Equal(50, firstJson.GetProperty("data").GetArrayLength());
        var end = lastJson.GetProperty("pagination");
        Assert.Equal((10, false, 0), (end.GetProperty("itemsReturned").GetInt32(), end.GetProperty("hasNextPage").GetBoolean(), end.GetProperty("remainingItems").GetInt32()));
        Assert.Equal(10, lastJson.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(BookingsTotal.Underestimate)]
    [InlineData(BookingsTotal.Null)]
    public async Task A_total_too_low_or_null_says_there_is_no_next_page_while_full_pages_still_come(BookingsTotal mode)
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => { o.BookingCount = 120; o.BookingsTotal = mode; });
        await using var sandbox = server;
        var total = Count(server);

        var (response, json) = await client.GetJsonAsync($"/v2/bookings?take=50&skip={total / 2}", "2024-08-13");

        Assert.Equal(200, (int)response.StatusCode);
        var pagination = json.GetProperty("pagination");
        if (mode == BookingsTotal.Null) Assert.Equal(JsonValueKind.Null, pagination.GetProperty("totalItems").ValueKind);
        else Assert.Equal(total / 2, pagination.GetProperty("totalItems").GetInt32());
        Assert.False(pagination.GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(50, json.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task The_2026_05_01_list_walks_every_booking_by_cursor()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.BookingCount = 120);
        await using var sandbox = server;
        string[] all;
        lock (server.State.Gate) all = server.State.Bookings.Select(b => b.Uid).ToArray();

        var uids = new List<string>();
        var sizes = new List<int>();
        string? cursor = null;
        JsonElement pagination;
        do
        {
            var (response, json) = await client.GetJsonAsync("/v2/bookings?limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), "2026-05-01");
            Assert.Equal(200, (int)response.StatusCode);
            pagination = json.GetProperty("pagination");
            Assert.Equal(["nextCursor", "hasMore"], pagination.EnumerateObject().Select(p => p.Name));
            sizes.Add(json.GetProperty("data").GetArrayLength());
            uids.AddRange(json.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("uid").GetString()!));
            cursor = pagination.GetProperty("nextCursor").GetString();
        }
        while (pagination.GetProperty("hasMore").GetBoolean());

        Assert.Null(cursor);
        Assert.Equal(all.Order(), uids.Order());
        Assert.All(sizes.SkipLast(1), size => Assert.Equal(40, size));
        Assert.Equal(sizes.Count, (all.Length + 39) / 40);
    }

    [Fact]
    public async Task The_2026_05_01_list_takes_one_status_a_limit_up_to_100_and_the_filters_the_import_and_reconciliation_use()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.BookingCount = 120);
        await using var sandbox = server;
        var now = server.State.Now;

        var (tooMany, tooManyJson) = await client.GetJsonAsync("/v2/bookings?limit=101", "2026-05-01");
        var (twoStatuses, twoJson) = await client.GetJsonAsync("/v2/bookings?status=upcoming,past", "2026-05-01");
        var (repeated, _) = await client.GetJsonAsync("/v2/bookings?status=upcoming&status=past", "2026-05-01");
        var (badCursor, _) = await client.GetJsonAsync("/v2/bookings?cursor=not-a-cursor", "2026-05-01");
        Assert.Equal((400, 400, 400, 400), ((int)tooMany.StatusCode, (int)twoStatuses.StatusCode, (int)repeated.StatusCode, (int)badCursor.StatusCode));
        Assert.Equal("limit must not be greater than 100", tooManyJson.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("status must be one of the following values", twoJson.GetProperty("error").GetProperty("message").GetString());

        var (_, defaults) = await client.GetJsonAsync("/v2/bookings", "2026-05-01");
        Assert.Equal(50, defaults.GetProperty("data").GetArrayLength());

        var upcoming = Starts((await client.GetJsonAsync("/v2/bookings?status=upcoming&limit=100", "2026-05-01")).Json);
        Assert.Equal(upcoming.Order(), upcoming);
        Assert.Equal(Math.Min(100, Count(server, b => b.End >= now && b.Status is "accepted" or "pending")), upcoming.Count);
        var past = Starts((await client.GetJsonAsync("/v2/bookings?status=past&limit=100", "2026-05-01")).Json);
        Assert.Equal(past.OrderDescending(), past);

        var from = now.AddDays(-7);
        var to = now.AddDays(7);
        var window = $"teamId=1001&afterStart={from.UtcDateTime:O}&beforeEnd={to.UtcDateTime:O}&afterUpdatedAt={from.UtcDateTime:O}&limit=100";
        var (_, filtered) = await client.GetJsonAsync("/v2/bookings?" + window, "2026-05-01");
        Assert.All(filtered.GetProperty("data").EnumerateArray(), b =>
        {
            Assert.InRange(b.GetProperty("start").GetDateTimeOffset(), from, to);
            Assert.True(b.GetProperty("updatedAt").GetDateTimeOffset() >= from);
        });
        Assert.NotEqual(0, filtered.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Versions_are_served_by_header_the_list_2024_08_13_and_2026_05_01_the_actions_2024_08_13_and_2026_02_25()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.BookingCount = 10);
        await using var sandbox = server;
        string uid;
        lock (server.State.Gate) uid = server.State.Bookings[0].Uid;

        var (actionsOld, _) = await client.GetJsonAsync($"/v2/bookings/{uid}", "2024-08-13");
        var (actionsNew, _) = await client.GetJsonAsync($"/v2/bookings/{uid}", "2026-02-25");
        var (actionsList, actionsListJson) = await client.GetJsonAsync($"/v2/bookings/{uid}", "2026-05-01");
        var (listActions, listActionsJson) = await client.GetJsonAsync("/v2/bookings", "2026-02-25");

        Assert.Equal((200, 200, 400, 400), ((int)actionsOld.StatusCode, (int)actionsNew.StatusCode, (int)actionsList.StatusCode, (int)listActions.StatusCode));
        Assert.Contains("'2024-08-13' or '2026-02-25'", actionsListJson.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("'2024-08-13' or '2026-05-01'", listActionsJson.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(["2024-08-13", "2026-02-25", "2026-05-01", "2026-02-25"], server.State.RecentRequests.TakeLast(4).Select(r => r.ApiVersion));
    }

    private static List<DateTimeOffset> Starts(JsonElement json) =>
        json.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("start").GetDateTimeOffset()).ToList();
}
