using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>Slots, booking conflicts, reschedule chains, reassignment and confirmation, over HTTP.</summary>
public sealed class BookingRuleTests : IAsyncLifetime
{
    private static readonly DateOnly Tuesday = new(2026, 2, 3);
    private CalAdmin.Sandbox.SandboxServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync() => (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_created_booking_takes_its_slot_and_a_second_booking_of_it_is_refused()
    {
        var personal = SandboxTestHost.EventTypeId(server, "15min");
        var before = await SandboxTestHost.SlotStartsAsync(client, personal, Tuesday, Tuesday);
        var slot = before[2];

        var (created, json) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(personal, slot));
        var after = await SandboxTestHost.SlotStartsAsync(client, personal, Tuesday, Tuesday);
        var (refused, error) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(personal, slot, "someone.else@example.org"));

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("accepted", json.GetProperty("data").GetProperty("status").GetString());
        Assert.Contains(slot, before);
        Assert.DoesNotContain(slot, after);
        Assert.Equal(before.Count - 1, after.Count);
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal("User either already has booking at this time or is not available", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_booking_outside_working_hours_or_without_a_required_field_is_refused()
    {
        var consultation = SandboxTestHost.EventTypeId(server, "car-detailing-consultation");
        var slot = (await SandboxTestHost.SlotStartsAsync(client, consultation, Tuesday, Tuesday))[0];

        var (missingField, fieldError) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(consultation, slot));
        var (atNight, _) = await client.PostJsonAsync("/v2/bookings",
            SandboxTestHost.NewBooking(SandboxTestHost.EventTypeId(server, "15min"), new DateTimeOffset(2026, 2, 3, 2, 0, 0, TimeSpan.Zero)));
        var (withField, _) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(consultation, slot, fields: new { carModel = "Škoda Octavia" }));

        Assert.Equal(400, (int)missingField.StatusCode);
        Assert.Contains("carModel", fieldError.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(400, (int)atNight.StatusCode);
        Assert.Equal(201, (int)withField.StatusCode);
    }

    [Fact]
    public async Task Collective_slots_need_every_host_and_the_booking_gets_them_all()
    {
        var collective = server.State.EventTypes.First(e => e.SchedulingType == "collective");
        var slots = await SandboxTestHost.SlotStartsAsync(client, collective.Id, Tuesday, Tuesday);
        Assert.NotEmpty(slots);

        var (created, json) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(collective.Id, slots[0]));

        Assert.Equal(201, (int)created.StatusCode);
        var hostIds = json.GetProperty("data").GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("id").GetInt32()).Order();
        Assert.Equal(collective.Hosts.Select(h => h.UserId).Order(), hostIds);
    }

    [Fact]
    public async Task Rescheduling_creates_a_new_uid_and_links_old_and_new()
    {
        var roundRobin = SandboxTestHost.EventTypeId(server, "discovery-call");
        var slots = await SandboxTestHost.SlotStartsAsync(client, roundRobin, Tuesday, Tuesday);
        var oldUid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin, slots[0]))).Json.GetProperty("data").GetProperty("uid").GetString()!;

        var (moved, json) = await client.PostJsonAsync($"/v2/bookings/{oldUid}/reschedule", new { start = slots[^1].UtcDateTime.ToString("O"), reschedulingReason = "Dentist" });
        var newBooking = json.GetProperty("data");
        var old = (await client.GetJsonAsync($"/v2/bookings/{oldUid}", "2024-08-13")).Json.GetProperty("data");

        Assert.Equal(201, (int)moved.StatusCode);
        Assert.NotEqual(oldUid, newBooking.GetProperty("uid").GetString());
        Assert.Equal(oldUid, newBooking.GetProperty("rescheduledFromUid").GetString());
        Assert.Equal(newBooking.GetProperty("uid").GetString(), old.GetProperty("rescheduledToUid").GetString());
        Assert.Equal("cancelled", old.GetProperty("status").GetString());
        Assert.Equal(slots[^1], DateTimeOffset.Parse(newBooking.GetProperty("start").GetString()!));
    }

    [Fact]
    public async Task Reassigning_a_collective_booking_is_refused_with_cal_com_message()
    {
        var collective = server.State.EventTypes.First(e => e.SchedulingType == "collective");
        var slot = (await SandboxTestHost.SlotStartsAsync(client, collective.Id, Tuesday, Tuesday))[0];
        var uid = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(collective.Id, slot))).Json.GetProperty("data").GetProperty("uid").GetString();

        var (auto, json) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign", new { });
        var (toUser, _) = await client.PostJsonAsync($"/v2/bookings/{uid}/reassign/{collective.Hosts[0].UserId}", new { reason = "x" });

        Assert.Equal(400, (int)auto.StatusCode);
        Assert.Contains("round robin", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(400, (int)toUser.StatusCode);
    }

    [Fact]
    public async Task Reassigning_round_robin_picks_another_host_of_the_event_type()
    {
        var roundRobin = server.State.EventTypes.First(e => e.Slug == "discovery-call");
        // 14:00 UTC is inside the Berlin, London, New York and UTC members' hours, so more than one host is free.
        var slot = new DateTimeOffset(2026, 2, 3, 14, 0, 0, TimeSpan.Zero);
        Assert.Contains(slot, await SandboxTestHost.SlotStartsAsync(client, roundRobin.Id, Tuesday, Tuesday));
        var booking = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(roundRobin.Id, slot))).Json.GetProperty("data");
        var before = booking.GetProperty("hosts")[0].GetProperty("id").GetInt32();

        var (response, json) = await client.PostJsonAsync($"/v2/bookings/{booking.GetProperty("uid").GetString()}/reassign", new { });
        var after = json.GetProperty("data").GetProperty("reassignedTo").GetProperty("id").GetInt32();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEqual(before, after);
        Assert.Contains(after, roundRobin.Hosts.Select(h => h.UserId));
        var stored = (await client.GetJsonAsync($"/v2/bookings/{booking.GetProperty("uid").GetString()}", "2024-08-13")).Json.GetProperty("data");
        Assert.Equal(after, stored.GetProperty("hosts")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_booking_that_requires_confirmation_is_pending_until_confirmed()
    {
        var demo = SandboxTestHost.EventTypeId(server, "enterprise-demo");
        var slot = (await SandboxTestHost.SlotStartsAsync(client, demo, Tuesday, Tuesday))[0];
        var created = (await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(demo, slot))).Json.GetProperty("data");

        var (confirmed, json) = await client.PostJsonAsync($"/v2/bookings/{created.GetProperty("uid").GetString()}/confirm", new { });

        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Equal("accepted", json.GetProperty("data").GetProperty("status").GetString());
    }
}
