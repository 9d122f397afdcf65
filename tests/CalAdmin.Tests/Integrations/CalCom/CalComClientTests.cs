using System.Net;
using System.Net.Sockets;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>CalComClient over real HTTP against a scripted Cal.com: paging, errors, headers, logs, switching endpoints.</summary>
public sealed class CalComClientTests
{
    [Fact]
    public async Task Pages_through_600_memberships_in_three_requests_of_250()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
            app.MapGet("/v2/teams/{teamId}/memberships", (int take, int skip) =>
                ScriptedCalCom.Json(CalComJson.List(Enumerable.Range(skip, Math.Max(0, Math.Min(take, 600 - skip))).Select(CalComJson.Membership)))));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var memberships = await host.Client.GetAllMembershipsAsync();

        Assert.Equal(600, memberships.Select(m => m.Id).Distinct().Count());
        Assert.Equal(["?take=250&skip=0", "?take=250&skip=250", "?take=250&skip=500"], calcom.Seen.Select(r => r.Query));
        Assert.All(calcom.Seen, r => Assert.Equal("/v2/teams/7/memberships", r.Path));
    }

    [Fact]
    public async Task With_a_list_version_before_2026_05_01_pages_by_take_and_skip_while_pages_come_back_full_whatever_the_total_says()
    {
        // Cal.com's hasNextPage is skip + take < total, and a team admin's total may be null: it says "no next page" at once.
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
            app.MapGet("/v2/bookings", (int take, int skip) =>
            {
                var items = Enumerable.Range(skip, skip < 200 ? take : 5).Select(i => CalComJson.Booking($"bk-{i}"));
                return ScriptedCalCom.Json($$$"""{"status":"success","data":[{{{string.Join(',', items)}}}],"pagination":{"itemsReturned":0,"totalItems":null,"itemsPerPage":{{{take}}},"remainingItems":0,"currentPage":0,"totalPages":0,"hasNextPage":false,"hasPreviousPage":false}}""");
            }));
        // The former single setting still sets both booking groups.
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?> { ["ApiVersions:Bookings"] = "2024-08-13" });
        Assert.Equal("2024-08-13", host.Get<Microsoft.Extensions.Options.IOptions<CalComOptions>>().Value.ApiVersions.EffectiveBookingsList);

        var bookings = await host.Client.GetAllBookingsAsync(new CalComBookingFilter(
            Statuses: [CalComBookingListStatuses.Upcoming, CalComBookingListStatuses.Past],
            AfterStart: new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)),
            EventTypeIds: [3, 4],
            TeamId: 7));

        Assert.Equal(205, bookings.Count);
        Assert.Equal(["0", "100", "200"], calcom.Seen.Select(r => Query(r)["skip"].ToString()));
        var first = calcom.Seen[0];
        Assert.Equal("2024-08-13", first.Header("cal-api-version"));
        var query = Query(first);
        Assert.Equal("upcoming,past", query["status"]);
        Assert.Equal("2030-01-01T08:00:00.000Z", query["afterStart"]);
        Assert.Equal("3,4", query["eventTypeIds"]);
        Assert.Equal("7", query["teamId"]);
        Assert.Equal("100", query["take"]);
        Assert.False(query.ContainsKey("beforeEnd"));
        Assert.False(query.ContainsKey("cursor"));
    }

    [Fact]
    public async Task By_default_follows_the_cursor_while_Cal_com_has_more_with_one_series_of_calls_per_status()
    {
        // Three pages per status; a booking in both statuses' lists counts once.
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
            app.MapGet("/v2/bookings", (string status, int limit, string? cursor) =>
            {
                var page = cursor is null ? 0 : int.Parse(cursor[^1..]);
                var items = Enumerable.Range(page * limit, page < 2 ? limit : 7).Select(i => CalComJson.Booking(i == 0 ? "bk-shared" : $"{status}-{i}"));
                var next = page < 2 ? $"\"{status}-cursor-{page + 1}\"" : "null";
                return ScriptedCalCom.Json($$$"""{"status":"success","data":[{{{string.Join(',', items)}}}],"pagination":{"nextCursor":{{{next}}},"hasMore":{{{(page < 2 ? "true" : "false")}}}}}""");
            }));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var bookings = await host.Client.GetAllBookingsAsync(new CalComBookingFilter(
            Statuses: [CalComBookingListStatuses.Upcoming, CalComBookingListStatuses.Cancelled], AfterUpdatedAt: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), TeamId: 7));

        Assert.Equal(2 * 207 - 1, bookings.Count);
        Assert.Equal(bookings.Count, bookings.Select(b => b.Uid).Distinct().Count());
        Assert.Equal(["upcoming", "upcoming", "upcoming", "cancelled", "cancelled", "cancelled"], calcom.Seen.Select(r => Query(r)["status"].ToString()));
        Assert.Equal(["", "upcoming-cursor-1", "upcoming-cursor-2", "", "cancelled-cursor-1", "cancelled-cursor-2"], calcom.Seen.Select(r => Query(r).GetValueOrDefault("cursor").ToString()));
        Assert.All(calcom.Seen, r =>
        {
            Assert.Equal("2026-05-01", r.Header("cal-api-version"));
            Assert.Equal("100", Query(r)["limit"]);
            Assert.Equal("2030-01-01T00:00:00.000Z", Query(r)["afterUpdatedAt"]);
            Assert.False(Query(r).ContainsKey("take"));
        });
    }

    [Fact]
    public async Task The_version_settings_reach_the_wire_per_group()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
        {
            app.MapGet("/v2/bookings", () => ScriptedCalCom.Json("""{"status":"success","data":[],"pagination":{"nextCursor":null,"hasMore":false}}"""));
            app.MapPost("/v2/bookings/{uid}/confirm", () => ScriptedCalCom.Json(CalComJson.One(CalComJson.Booking("bk-1"))));
            app.MapGet("/v2/slots", () => ScriptedCalCom.Json("""{"status":"success","data":{}}"""));
            app.MapGet("/v2/event-types/{id}", () => ScriptedCalCom.Json("""{"status":"success","data":{"id":3,"title":"Intro","slug":"intro"}}"""));
        });
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?>
        {
            ["ApiVersions:BookingsList"] = "2026-07-01",
            ["ApiVersions:BookingActions"] = "2026-03-01",
            ["ApiVersions:Slots"] = "2025-01-01",
            ["ApiVersions:EventTypes"] = "2026-06-12",
        });

        await host.Client.GetAllBookingsAsync();
        await host.Client.ConfirmBookingAsync("bk-1");
        await host.Client.GetSlotsAsync(3, new DateTimeOffset(2030, 1, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 9, 0, 0, 0, TimeSpan.Zero));
        await host.Client.GetEventTypeAsync(3);

        Assert.Equal(["2026-07-01", "2026-03-01", "2025-01-01", "2026-06-12"], calcom.Seen.Select(r => r.Header("cal-api-version")));
        Assert.Contains("limit=100", calcom.Seen[0].Query); // a version after 2026-05-01 still pages by cursor
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(ScriptedCalCom.SeenRequest request) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);

    [Fact]
    public async Task Sends_the_spec_api_version_per_operation_and_none_where_the_spec_has_none()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
        {
            app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me));
            app.MapGet("/v2/event-types/{id}", () => ScriptedCalCom.Json("""{"status":"success","data":{"id":3,"title":"Intro","slug":"intro"}}"""));
            app.MapGet("/v2/slots", () => ScriptedCalCom.Json("""{"status":"success","data":{"2030-01-08":[{"start":"2030-01-08T10:00:00.000+01:00","end":"2030-01-08T10:30:00.000+01:00"}]}}"""));
        });
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        await host.Client.GetMeAsync();
        await host.Client.GetEventTypeAsync(3);
        var slots = await host.Client.GetSlotsAsync(3, new DateTimeOffset(2030, 1, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 9, 0, 0, 0, TimeSpan.Zero), "Europe/Paris");

        Assert.Null(calcom.Seen[0].Header("cal-api-version"));
        Assert.Equal("2024-06-14", calcom.Seen[1].Header("cal-api-version"));
        Assert.Equal("2024-09-04", calcom.Seen[2].Header("cal-api-version"));
        Assert.Contains("format=range", calcom.Seen[2].Query);
        Assert.Equal(new DateTimeOffset(2030, 1, 8, 9, 0, 0, TimeSpan.Zero), slots["2030-01-08"][0].Start);
        Assert.Equal(TimeSpan.Zero, slots["2030-01-08"][0].Start.Offset);
    }

    [Fact]
    public async Task Unknown_enum_values_and_missing_optional_fields_deserialize()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
        {
            app.MapGet("/v2/bookings", () => ScriptedCalCom.Json("""
                {"status":"success","data":[
                  {"id":1,"uid":"bk1","title":"Intro","status":"awaiting_host","start":"2030-01-08T10:00:00.000+02:00","end":"2030-01-08T10:30:00+02:00",
                   "hosts":[{"id":5,"name":"Jane","email":"jane@example.com","username":"jane","timeZone":"Europe/Berlin"}],
                   "attendees":[{"name":"Ada","email":"ada@example.com","timeZone":"UTC","language":"tlh","absent":false}],
                   "brandNewField":{"nested":[1,2,3]},"duration":"30"},
                  {"id":2,"uid":"bk2","start":"2030-01-09T08:00:00Z","end":"2030-01-09T08:30:00Z"}]}
                """));
            app.MapGet("/v2/teams/{teamId}/event-types", () => ScriptedCalCom.Json("""
                {"status":"success","data":[{"id":9,"title":"Sales","slug":"sales","schedulingType":"weightedRoundRobin","assignAllTeamMembers":true,
                  "hosts":[{"userId":5,"name":"Jane","mandatory":false,"priority":"urgent","weight":100},{"userId":6}],"teamId":7,"ownerId":null}]}
                """));
        });
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var bookings = await host.Client.GetAllBookingsAsync();
        var eventTypes = await host.Client.GetTeamEventTypesAsync();

        Assert.Equal("awaiting_host", bookings[0].Status);
        Assert.Equal(new DateTimeOffset(2030, 1, 8, 8, 0, 0, TimeSpan.Zero), bookings[0].Start);
        Assert.Equal(TimeSpan.Zero, bookings[0].Start.Offset);
        Assert.Equal(30, bookings[0].Duration);
        Assert.Equal("tlh", bookings[0].Attendees![0].Language);
        Assert.Null(bookings[1].Title);
        Assert.Null(bookings[1].Hosts);
        Assert.Null(bookings[1].UpdatedAt);
        Assert.Equal("weightedRoundRobin", eventTypes[0].SchedulingType);
        Assert.Equal([5, 6], eventTypes[0].Hosts!.Select(h => h.UserId));
        Assert.Equal("urgent", eventTypes[0].Hosts![0].Priority);
        Assert.Null(eventTypes[0].Hosts![1].Mandatory);
    }

    [Fact]
    public async Task Reassign_reads_what_Cal_com_really_answers_not_the_spec()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
            app.MapPost("/v2/bookings/{uid}/reassign", (string uid) =>
                ScriptedCalCom.Json(CalComJson.One("{\"bookingUid\":\"" + uid + "\",\"reassignedTo\":{\"id\":6,\"name\":\"Sam\",\"email\":\"sam@example.com\"}}"))));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var reassignment = await host.Client.ReassignBookingAsync("bk-1");

        Assert.Equal("bk-1", reassignment.BookingUid);
        Assert.Equal(6, reassignment.ReassignedTo!.Id);
    }

    [Fact]
    public async Task A_401_says_Cal_com_rejected_the_API_key()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
            app.MapGet("/v2/me", () => ScriptedCalCom.Error(401, "UNAUTHORIZED", "Invalid API Key")));
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.GetMeAsync());

        Assert.Equal("Cal.com rejected the API key", failure.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.Equal("Invalid API Key", failure.CalComMessage);
        Assert.Single(calcom.Seen); // a 401 is not retried
    }

    [Fact]
    public async Task An_unreachable_base_url_gives_a_clear_error_without_the_key()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more
        var closed = new Uri($"http://127.0.0.1:{port}/");
        await using var host = CalComTestHost.Create(closed);

        var failure = await Assert.ThrowsAsync<CalComException>(() => host.Client.GetTeamsAsync());

        Assert.StartsWith($"Cal.com could not be reached at {closed}: ", failure.Message);
        Assert.Null(failure.StatusCode);
        Assert.DoesNotContain(CalComTestHost.ApiKey, failure.ToString());
        Assert.DoesNotContain(CalComTestHost.ApiKey, host.Logs.AllText);
    }

    [Fact]
    public async Task Sends_the_key_as_a_bearer_token_and_never_logs_it_nor_personal_data()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app =>
        {
            app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me));
            app.MapPost("/v2/bookings", () => ScriptedCalCom.Error(400, "BAD_REQUEST", "ada@example.com is already booked"));
            app.MapGet("/v2/teams", () => ScriptedCalCom.Error(401, "UNAUTHORIZED", "Invalid API Key"));
        });
        await using var host = CalComTestHost.Create(calcom.BaseUrl);

        await host.Client.GetMeAsync();
        await Assert.ThrowsAsync<CalComException>(() => host.Client.CreateBookingAsync(
            new CreateBookingRequest(TestClock.Now, new CreateBookingAttendee("Ada", "UTC", "ada@example.com"), 3)));
        await Assert.ThrowsAsync<CalComException>(() => host.Client.GetTeamsAsync());

        Assert.All(calcom.Seen, r => Assert.Equal($"Bearer {CalComTestHost.ApiKey}", r.Header("Authorization")));
        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith("Cal.com GET /v2/me answered 200 in ", StringComparison.Ordinal));
        Assert.DoesNotContain(CalComTestHost.ApiKey, host.Logs.AllText);
        Assert.DoesNotContain("ada@example.com", host.Logs.AllText);
    }

    [Fact]
    public async Task No_key_means_no_authorization_header()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me)));
        await using var host = CalComTestHost.Create(calcom.BaseUrl, new Dictionary<string, string?> { ["ApiKey"] = "" });

        await host.Client.GetMeAsync();

        Assert.Null(calcom.Seen.Single().Header("Authorization"));
        Assert.Equal(CalComMode.Sandbox, host.Connection.Mode);
    }

    [Fact]
    public async Task UseSandbox_points_every_later_request_at_the_sandbox_with_its_key()
    {
        await using var live = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me)));
        await using var sandbox = await ScriptedCalCom.StartAsync(app => app.MapGet("/v2/me", () => ScriptedCalCom.Json(CalComJson.Me)));
        await using var host = CalComTestHost.Create(live.BaseUrl);
        var client = host.Client; // created before the switch: the switch still applies to it

        await client.GetMeAsync();
        host.Connection.UseSandbox(sandbox.BaseUrl, "cal_sandbox_key");
        await client.GetMeAsync();

        Assert.Single(live.Seen);
        Assert.Equal("Bearer cal_sandbox_key", sandbox.Seen.Single().Header("Authorization"));
        Assert.Equal(CalComMode.Sandbox, host.Connection.Mode);
    }

    [Fact]
    public async Task A_self_hosted_base_url_keeps_its_path()
    {
        await using var calcom = await ScriptedCalCom.StartAsync(app => app.MapGet("/api/v2/me", () => ScriptedCalCom.Json(CalComJson.Me)));
        await using var host = CalComTestHost.Create(new Uri(calcom.BaseUrl, "/api"));

        var me = await host.Client.GetMeAsync();

        Assert.Equal(42, me.Id);
        Assert.Equal("/api/v2/me", calcom.Seen.Single().Path);
    }
}
