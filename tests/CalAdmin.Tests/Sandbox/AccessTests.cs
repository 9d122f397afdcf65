using System.Net.Http.Headers;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>API key, cal-api-version and take/skip paging.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer cal_wrong")]
    public async Task A_missing_or_wrong_api_key_gets_401_in_the_error_envelope(string? authorization)
    {
        var (server, _, _) = await SandboxTestHost.StartAsync();
        await using var sandbox = server;
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        if (authorization is not null) anonymous.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);

        var (response, json) = await anonymous.GetJsonAsync("/v2/bookings", "2024-08-13");

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("error", json.GetProperty("status").GetString());
        Assert.Equal("/v2/bookings", json.GetProperty("path").GetString());
        Assert.True(json.TryGetProperty("timestamp", out _));
        Assert.Equal("UnauthorizedException", json.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_missing_cal_api_version_is_refused_naming_the_header()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync();
        await using var sandbox = server;

        var (response, json) = await client.GetJsonAsync("/v2/bookings");
        var (wrong, _) = await client.GetJsonAsync("/v2/slots?eventTypeId=2001&start=2026-02-03&end=2026-02-04", "2024-08-13");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("cal-api-version", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(400, (int)wrong.StatusCode);
    }

    [Fact]
    public async Task Six_hundred_memberships_come_in_three_pages_of_at_most_250_with_distinct_ids()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => { o.TeamSize = 600; o.BookingCount = 20; });
        await using var sandbox = server;

        var pages = new List<int>();
        var ids = new List<int>();
        for (var skip = 0; ; skip += 250)
        {
            var (response, json) = await client.GetJsonAsync($"/v2/teams/1001/memberships?take=250&skip={skip}");
            Assert.Equal(200, (int)response.StatusCode);
            var data = json.GetProperty("data");
            if (data.GetArrayLength() == 0) break;
            pages.Add(data.GetArrayLength());
            ids.AddRange(data.EnumerateArray().Select(m => m.GetProperty("userId").GetInt32()));
        }

        Assert.Equal([250, 250, 100], pages);
        Assert.Equal(600, ids.Distinct().Count());
        var (tooMany, _) = await client.GetJsonAsync("/v2/teams/1001/memberships?take=251");
        Assert.Equal(400, (int)tooMany.StatusCode);
    }

    [Fact]
    public async Task A_member_removed_between_pages_shifts_the_next_page()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync(o => o.TeamSize = 20);
        await using var sandbox = server;

        var first = (await client.GetJsonAsync("/v2/teams/1001/memberships?take=10&skip=0")).Json.GetProperty("data");
        server.State.RemoveMember(first[1].GetProperty("userId").GetInt32()); // not first[0]: the key's own user, the owner
        var second = (await client.GetJsonAsync("/v2/teams/1001/memberships?take=10&skip=10")).Json.GetProperty("data");

        // Offset paging over a changing list skips one member: the reason the dashboard reconciles by id.
        Assert.Equal(9, second.GetArrayLength());
    }

    [Fact]
    public async Task Bookings_list_pages_and_filters_by_status()
    {
        var (server, client, _) = await SandboxTestHost.StartAsync();
        await using var sandbox = server;

        var (response, json) = await client.GetJsonAsync("/v2/bookings?status=upcoming&take=10&skip=10", "2024-08-13");

        Assert.Equal(200, (int)response.StatusCode);
        var pagination = json.GetProperty("pagination");
        var upcoming = server.State.Bookings.Count(b => b.End >= server.State.Now && b.Status is "accepted" or "pending");
        Assert.Equal(upcoming, pagination.GetProperty("totalItems").GetInt32());
        Assert.Equal(2, pagination.GetProperty("currentPage").GetInt32());
        Assert.True(pagination.GetProperty("hasPreviousPage").GetBoolean());
        Assert.All(json.GetProperty("data").EnumerateArray(), b => Assert.Contains(b.GetProperty("status").GetString(), new[] { "accepted", "pending" }));
    }
}
