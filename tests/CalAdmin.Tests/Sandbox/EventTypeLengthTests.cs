using System.Text.Json;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// A multi-length event type (Cal.com's lengthInMinutesOptions), over HTTP: the options are served, slots are cut to the
/// requested duration, and a booking takes a length only when it is one of the options, refused in Cal.com's words.
/// </summary>
public sealed class EventTypeLengthTests : IAsyncLifetime
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
    public async Task The_event_type_lists_its_lengths_and_a_fixed_length_one_has_none()
    {
        var (multi, multiJson) = await client.GetJsonAsync($"/v2/event-types/{SandboxTestHost.EventTypeId(server, "15min")}", "2024-06-14");
        var (single, singleJson) = await client.GetJsonAsync($"/v2/event-types/{SandboxTestHost.EventTypeId(server, "discovery-call")}", "2024-06-14");

        Assert.Equal(200, (int)multi.StatusCode);
        Assert.Equal(15, multiJson.GetProperty("data").GetProperty("lengthInMinutes").GetInt32());
        Assert.Equal([15, 30, 45], multiJson.GetProperty("data").GetProperty("lengthInMinutesOptions").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(200, (int)single.StatusCode);
        Assert.False(singleJson.GetProperty("data").TryGetProperty("lengthInMinutesOptions", out _));
    }

    [Fact]
    public async Task Slots_asked_with_a_duration_are_that_long()
    {
        var id = SandboxTestHost.EventTypeId(server, "15min");

        var standard = await RangeSlotsAsync(id, "");
        var long45 = await RangeSlotsAsync(id, "&duration=45");

        Assert.All(standard, s => Assert.Equal(TimeSpan.FromMinutes(15), s.End - s.Start));
        Assert.All(long45, s => Assert.Equal(TimeSpan.FromMinutes(45), s.End - s.Start));
        Assert.Equal(TimeSpan.FromMinutes(45), long45[1].Start - long45[0].Start);
        Assert.True(long45.Count < standard.Count);
    }

    [Fact]
    public async Task A_booking_takes_an_offered_length_and_is_refused_one_that_is_not_offered()
    {
        var id = SandboxTestHost.EventTypeId(server, "15min");
        var slots = await RangeSlotsAsync(id, "&duration=45");

        var (created, json) = await client.PostJsonAsync("/v2/bookings", WithLength(SandboxTestHost.NewBooking(id, slots[0].Start), 45));
        var (refused, error) = await client.PostJsonAsync("/v2/bookings", WithLength(SandboxTestHost.NewBooking(id, slots[3].Start, "b@example.org"), 20));
        var (fixedLength, fixedError) = await client.PostJsonAsync("/v2/bookings",
            WithLength(SandboxTestHost.NewBooking(SandboxTestHost.EventTypeId(server, "discovery-call"), slots[5].Start, "c@example.org"), 30));

        Assert.Equal(201, (int)created.StatusCode);
        var data = json.GetProperty("data");
        Assert.Equal(TimeSpan.FromMinutes(45), data.GetProperty("end").GetDateTimeOffset() - data.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal("Provided 'lengthInMinutes' is not one of the possible lengths for the event type. The possible lengths are: 15, 30, 45",
            error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(400, (int)fixedLength.StatusCode);
        Assert.StartsWith("Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths.",
            fixedError.GetProperty("error").GetProperty("message").GetString());
        lock (server.State.Gate) Assert.Single(server.State.Bookings, b => b.EventTypeId == id && b.Start == slots[0].Start && b.End == slots[0].Start.AddMinutes(45));
    }

    private static Dictionary<string, object?> WithLength(object booking, int minutes)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(booking))!;
        body["lengthInMinutes"] = minutes;
        return body;
    }

    private async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> RangeSlotsAsync(int eventTypeId, string extra)
    {
        var (response, json) = await client.GetJsonAsync(
            $"/v2/slots?eventTypeId={eventTypeId}&start={Tuesday:yyyy-MM-dd}&end={Tuesday:yyyy-MM-dd}&timeZone=UTC&format=range{extra}", "2024-09-04");
        Assert.Equal(200, (int)response.StatusCode);
        return json.GetProperty("data").EnumerateObject().SelectMany(d => d.Value.EnumerateArray())
            .Select(s => (s.GetProperty("start").GetDateTimeOffset(), s.GetProperty("end").GetDateTimeOffset())).OrderBy(s => s.Item1).ToList();
    }
}
