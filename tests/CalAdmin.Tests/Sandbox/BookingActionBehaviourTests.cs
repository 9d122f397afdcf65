using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// Booking actions as Cal.com does them, over HTTP: the reschedule that waits for confirmation, the 2026
/// BOOKING_REASSIGNED payload, fixed hosts in round robin, mark-absent's one-way host mark, and Cal.com's error texts.
/// </summary>
public sealed class BookingActionBehaviourTests : IAsyncLifetime
{
    private static readonly DateOnly Tuesday = new(2026, 2, 3);
    private SandboxServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        // Delivery is off, so every delivery is logged (with its body) instead of sent.
        var (response, json) = await client.PostJsonAsync("/v2/organizations/1000/webhooks",
            new { subscriberUrl = "https://hooks.example.com/cal", active = true, triggers = new[] { "BOOKING_REQUESTED", "BOOKING_RESCHEDULED", "BOOKING_REASSIGNED", "BOOKING_NO_SHOW_UPDATED" } },
            version: null);
        Assert.True((int)response.StatusCode == 201, json.ToString());
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private async Task<JsonElement> BookAsync(string slug, DateTimeOffset start)
    {
        var (response, json) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(SandboxTestHost.EventTypeId(server, slug), start));
        Assert.True((int)response.StatusCode == 201, json.ToString());
        return json.GetProperty("data");
    }

    private async Task<JsonElement> PayloadAsync(string trigger, string uid)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await server.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == trigger && d.Body.Contains(uid), timeout.Token);
        return JsonDocument.Parse(delivery.Body).RootElement.GetProperty("payload");
    }

    private static string Message(JsonElement error) => error.GetProperty("error").GetProperty("message").GetString()!;

    private static int[] Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private async Task<(string Uid, string Organizer)> ConfirmedDemoAsync(int slot)
    {
        var demo = SandboxTestHost.EventTypeId(server, "enterprise-demo");
        var start = (await SandboxTestHost.SlotStartsAsync(client, demo, Tuesday, Tuesday))[slot];
        var uid = (await BookAsync("enterprise-demo", start)).GetProperty("uid").GetString()!;
        var (confirmed, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/confirm", new { });
        Assert.True((int)confirmed.StatusCode == 200, json.ToString());
        return (uid, json.GetProperty("data").GetProperty("hosts")[0].GetProperty("email").GetString()!);
    }

    private async Task<DateTimeOffset> LaterSlotAsync(string slug) =>
        (await SandboxTestHost.SlotStartsAsync(client, SandboxTestHost.EventTypeId(server, slug), Tuesday.AddDays(1), Tuesday.AddDays(1)))[0];

    [Fact]
    public async Task Rescheduling_a_confirmation_required_booking_without_the_organizer_waits_and_fires_BOOKING_REQUESTED_with_rescheduleUid()
    {
        var (uid, _) = await ConfirmedDemoAsync(0);
        var (moved, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/reschedule",
            new { start = (await LaterSlotAsync("enterprise-demo")).UtcDateTime.ToString("O"), rescheduledBy = "front.desk@business.example" });

        Assert.Equal(201, (int)moved.StatusCode);
        var newBooking = json.GetProperty("data");
        var newUid = newBooking.GetProperty("uid").GetString()!;
        Assert.Equal("pending", newBooking.GetProperty("status").GetString());
        Assert.Equal("front.desk@business.example", newBooking.GetProperty("rescheduledByEmail").GetString());
        var payload = await PayloadAsync("BOOKING_REQUESTED", newUid);
        Assert.Equal(uid, payload.GetProperty("rescheduleUid").GetString());
        Assert.Equal("PENDING", payload.GetProperty("status").GetString());
        Assert.Equal("front.desk@business.example", payload.GetProperty("rescheduledBy").GetString());
        Assert.DoesNotContain(server.Webhooks.Deliveries, d => d.TriggerEvent == "BOOKING_RESCHEDULED" && d.Body.Contains(newUid));
        var old = (await client.GetJsonAsync($"/v2/bookings/{uid}", "2024-08-13")).Json.GetProperty("data");
        Assert.Equal("cancelled", old.GetProperty("status").GetString());
        Assert.Equal(newUid, old.GetProperty("rescheduledToUid").GetString());
    }

    [Fact]
    public async Task Rescheduled_by_the_organizer_the_new_booking_is_accepted_and_fires_BOOKING_RESCHEDULED()
    {
        var (uid, organizer) = await ConfirmedDemoAsync(2);
        var (moved, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/reschedule",
            new { start = (await LaterSlotAsync("enterprise-demo")).AddHours(2).UtcDateTime.ToString("O"), rescheduledBy = organizer });

        Assert.True((int)moved.StatusCode == 201, json.ToString());
        var newUid = json.GetProperty("data").GetProperty("uid").GetString()!;
        Assert.Equal("accepted", json.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(uid, (await PayloadAsync("BOOKING_RESCHEDULED", newUid)).GetProperty("rescheduleUid").GetString());
        Assert.DoesNotContain(server.Webhooks.Deliveries, d => d.TriggerEvent == "BOOKING_REQUESTED" && d.Body.Contains(newUid));
    }

    [Fact]
    public async Task BOOKING_REASSIGNED_carries_the_added_and_removed_host_ids_with_the_new_host_as_organizer_and_no_reason()
    {
        // 14:00 UTC on a Tuesday: several discovery-call hosts work then.
        var booking = await BookAsync("discovery-call", new DateTimeOffset(2026, 2, 3, 14, 0, 0, TimeSpan.Zero));
        var uid = booking.GetProperty("uid").GetString()!;
        var before = booking.GetProperty("hosts")[0].GetProperty("id").GetInt32();

        var (response, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign", new { });

        Assert.Equal(200, (int)response.StatusCode);
        var after = json.GetProperty("data").GetProperty("reassignedTo").GetProperty("id").GetInt32();
        var payload = await PayloadAsync("BOOKING_REASSIGNED", uid);
        Assert.Equal([after], Ids(payload.GetProperty("addedHostUserIds")));
        Assert.Equal([before], Ids(payload.GetProperty("removedHostUserIds")));
        Assert.Equal(after, payload.GetProperty("organizer").GetProperty("id").GetInt32());
        Assert.False(payload.TryGetProperty("reassignReason", out _));
    }

    [Fact]
    public async Task A_fixed_host_stays_on_a_round_robin_booking_and_only_the_round_robin_host_is_replaced()
    {
        var survey = server.State.EventTypes.Single(e => e.Slug == "site-survey");
        var fixedHost = survey.Hosts.Single(h => h.Mandatory).UserId;
        var booking = await BookAsync("site-survey", new DateTimeOffset(2026, 2, 3, 10, 0, 0, TimeSpan.Zero));
        var uid = booking.GetProperty("uid").GetString()!;
        var hosts = booking.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(fixedHost, hosts[0]);
        var roundRobin = Assert.Single(hosts.Skip(1));

        var (toFixed, fixedError) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign/{fixedHost}", new { reason = "x" });
        var (toStranger, strangerError) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign/{server.State.Users.Last().Id}", new { reason = "x" });
        var (response, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign", new { });

        Assert.Equal(500, (int)toFixed.StatusCode);
        Assert.Equal("user_is_round_robin_fixed", Message(fixedError));
        Assert.Equal(400, (int)toStranger.StatusCode);
        Assert.StartsWith($"User with id={server.State.Users.Last().Id} is not a valid Round Robin host", Message(strangerError));
        Assert.Equal(200, (int)response.StatusCode);
        // Cal.com answers the booking's organizer, which is the fixed host here.
        Assert.Equal(fixedHost, json.GetProperty("data").GetProperty("reassignedTo").GetProperty("id").GetInt32());
        var stored = (await client.GetJsonAsync($"/v2/bookings/{uid}", "2024-08-13")).Json.GetProperty("data").GetProperty("hosts")
            .EnumerateArray().Select(h => h.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(fixedHost, stored[0]);
        var replacement = Assert.Single(stored.Skip(1));
        Assert.NotEqual(roundRobin, replacement);
        Assert.Contains(survey.Hosts, h => h.UserId == replacement && !h.Mandatory);
        var payload = await PayloadAsync("BOOKING_REASSIGNED", uid);
        Assert.Equal([replacement], Ids(payload.GetProperty("addedHostUserIds")));
        Assert.Equal([roundRobin], Ids(payload.GetProperty("removedHostUserIds")));
    }

    [Fact]
    public async Task Mark_absent_sets_the_host_mark_only_one_way_and_only_attendee_changes_fire_a_webhook()
    {
        var past = server.State.Bookings.First(b => b.End < server.State.Now && b.Status == "accepted" && !b.AbsentHost && !b.Attendees[0].Absent);

        var (marked, _) = await client.PostJsonAsync($"/v2/bookings/{past.Uid}/mark-absent", new { host = true });
        var (unmarked, json) = await client.PostJsonAsync($"/v2/bookings/{past.Uid}/mark-absent", new { host = false });
        await client.PostJsonAsync($"/v2/bookings/{past.Uid}/mark-absent", new { attendees = new[] { new { email = past.Attendees[0].Email, absent = true } } });

        Assert.Equal(200, (int)marked.StatusCode);
        Assert.Equal(200, (int)unmarked.StatusCode);
        Assert.True(json.GetProperty("data").GetProperty("absentHost").GetBoolean());
        await PayloadAsync("BOOKING_NO_SHOW_UPDATED", past.Uid);
        Assert.Single(server.Webhooks.Deliveries, d => d.TriggerEvent == "BOOKING_NO_SHOW_UPDATED" && d.Body.Contains(past.Uid));
    }

    [Fact]
    public async Task Refusals_use_Cal_coms_own_texts()
    {
        // 05:00 UTC: of the discovery-call hosts only the Kolkata member works, so nobody else can take the booking.
        var lonely = (await BookAsync("discovery-call", new DateTimeOffset(2026, 2, 3, 5, 0, 0, TimeSpan.Zero))).GetProperty("uid").GetString();
        var (noOther, noOtherError) = await client.PostJsonAsync($"/v2/bookings/{lonely}/reassign", new { });
        var consultation = SandboxTestHost.EventTypeId(server, "car-detailing-consultation");
        var slot = (await SandboxTestHost.SlotStartsAsync(client, consultation, Tuesday, Tuesday))[0];
        var (missing, missingError) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(consultation, slot));
        var future = server.State.Bookings.First(b => b.Start > server.State.Now && b.Status == "accepted");
        var (early, earlyError) = await client.PostJsonAsync($"/v2/bookings/{future.Uid}/mark-absent", new { host = true });
        lock (server.State.Gate) server.State.Me.Role = "MEMBER";
        var (member, memberError) = await client.PostJsonAsync($"/v2/bookings/{lonely}/reassign", new { });

        Assert.Equal(400, (int)noOther.StatusCode);
        Assert.Equal("Can't reassign the booking because no other host is available at that time.", Message(noOtherError));
        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Equal("responses - {carModel}error_required_field, ", Message(missingError));
        Assert.Equal(400, (int)early.StatusCode);
        Assert.Equal("Bookings can only be marked as absent after their scheduled start time. Current time in UTC+0: 2026-02-02T06:00:00.000Z, "
            + $"Booking start time in UTC+0: {future.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}", Message(earlyError));
        Assert.Equal(403, (int)member.StatusCode);
        Assert.Equal("You do not have permission to reassign this booking", Message(memberError));
    }
}
