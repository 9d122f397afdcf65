using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Integrations.CalCom.Contract;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// The booking edits of Cal.com's 2026 API as the sandbox does them over HTTP: request-reschedule, guests, attendees and
/// location, each answering as the contract documents, with the 2026 docs' limits and refusals.
/// </summary>
public sealed class BookingEditsSandboxTests : IAsyncLifetime
{
    private const string Edits = "2024-08-13";
    private const string Actions = "2026-02-25";
    private static readonly DateOnly Tuesday = new(2026, 2, 3);
    private SandboxServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        (server, client, _) = await SandboxTestHost.StartAsync(o => o.WebhookDeliveryEnabled = false);
        var (response, json) = await client.PostJsonAsync("/v2/organizations/1000/webhooks",
            new { subscriberUrl = "https://hooks.example.com/cal", active = true, triggers = new[] { "BOOKING_CANCELLED" } }, version: null);
        Assert.True((int)response.StatusCode == 201, json.ToString());
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private async Task<string> BookAsync(int slot)
    {
        var id = SandboxTestHost.EventTypeId(server, "discovery-call");
        var start = (await SandboxTestHost.SlotStartsAsync(client, id, Tuesday, Tuesday))[slot];
        var (response, json) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(id, start));
        Assert.True((int)response.StatusCode == 201, json.ToString());
        return json.GetProperty("data").GetProperty("uid").GetString()!;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? version, object body, int status)
    {
        var (response, json) = await client.SendJsonAsync(method, path, version, body);
        Assert.True(status == (int)response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {json}");
        if (status < 300)
        {
            var (operation, problem) = CalComContract.Find(method.Method, path, version);
            Assert.True(operation is not null, problem);
            var problems = KnownDifferences.Unexcused(operation.ToString(), operation.AnswerProblems(status, json));
            Assert.True(problems.Count == 0, $"{operation}: {string.Join("\n", problems)}");
        }
        return json;
    }

    private static string Message(JsonElement error) => error.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task Request_reschedule_cancels_the_booking_and_fires_BOOKING_CANCELLED_marked_as_a_reschedule_request()
    {
        var uid = await BookAsync(0);

        var answer = await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/request-reschedule", Actions, new { rescheduleReason = "Host is ill" }, 200);

        Assert.Equal("success", answer.GetProperty("status").GetString());
        var (_, booking) = await client.GetJsonAsync($"/v2/bookings/{uid}", Actions);
        Assert.Equal("cancelled", booking.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("Host is ill", booking.GetProperty("data").GetProperty("cancellationReason").GetString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await server.Webhooks.WaitForDeliveryAsync(d => d.TriggerEvent == "BOOKING_CANCELLED" && d.Body.Contains(uid), timeout.Token);
        Assert.True(JsonDocument.Parse(delivery.Body).RootElement.GetProperty("payload").GetProperty("requestReschedule").GetBoolean());

        // Cal.com's refusal: a cancelled booking cannot be asked to reschedule again.
        var refused = await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/request-reschedule", Actions, new { }, 400);
        Assert.Contains("cancelled", Message(refused));
        Assert.Contains("request-reschedule", Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/request-reschedule", Edits, new { }, 400)));
    }

    [Fact]
    public async Task Guests_become_attendees_within_the_documented_limits()
    {
        var uid = await BookAsync(1);

        var answer = await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/guests", Edits,
            new { guests = new[] { new { email = "ada@example.com" }, new { email = "alan@example.com" } } }, 200);

        var data = answer.GetProperty("data");
        Assert.Equal(["ada@example.com", "alan@example.com"], data.GetProperty("guests").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(3, data.GetProperty("attendees").GetArrayLength());

        var eleven = Enumerable.Range(0, 11).Select(i => new { email = $"g{i}@example.com" }).ToArray();
        Assert.Equal("guests must contain no more than 10 elements", Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/guests", Edits, new { guests = eleven }, 400)));
        Assert.Equal("guests must contain at least 1 elements", Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/guests", Edits, new { guests = Array.Empty<object>() }, 400)));
        Assert.Equal("guests.0.email must be an email", Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/guests", Edits, new { guests = new[] { new { email = "nope" } } }, 400)));
        // Only with cal-api-version 2024-08-13: the endpoint does not exist in other versions.
        await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/guests", Actions, new { guests = new[] { new { email = "x@example.com" } } }, 400);
    }

    [Fact]
    public async Task An_attendee_is_added_once_and_answered_as_the_attendee_not_the_booking()
    {
        var uid = await BookAsync(2);
        var attendee = new { name = "Mary Jackson", email = "mary@example.com", timeZone = "America/New_York" };

        var answer = await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/attendees", Edits, attendee, 201);

        Assert.Equal("mary@example.com", answer.GetProperty("data").GetProperty("email").GetString());
        lock (server.State.Gate) Assert.Contains(server.State.FindBooking(uid)!.Attendees, a => a.Email == "mary@example.com" && a.TimeZone == "America/New_York");
        Assert.Contains("already part of this booking", Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/attendees", Edits, attendee, 400)));
        Assert.Equal("timeZone must be a valid IANA time zone",
            Message(await SendAsync(HttpMethod.Post, $"/v2/bookings/{uid}/attendees", Edits, new { name = "X", email = "x@example.com", timeZone = "Mars/Base" }, 400)));
        Assert.Contains("not found", Message(await SendAsync(HttpMethod.Post, "/v2/bookings/no-such-uid/attendees", Edits, attendee, 404)));
    }

    [Fact]
    public async Task The_location_is_stored_as_Cal_com_writes_it_and_a_cancelled_booking_is_refused()
    {
        var uid = await BookAsync(3);

        var address = await SendAsync(HttpMethod.Patch, $"/v2/bookings/{uid}/location", Edits, new { location = new { type = "address", address = "Hauptstr. 1, Berlin" } }, 200);
        Assert.Equal("Hauptstr. 1, Berlin", address.GetProperty("data").GetProperty("location").GetString());
        var video = await SendAsync(HttpMethod.Patch, $"/v2/bookings/{uid}/location", Edits, new { location = new { type = "integration", integration = "cal-video" } }, 200);
        Assert.Equal("integrations:daily", video.GetProperty("data").GetProperty("location").GetString());
        Assert.Equal("location.link must be a URL address",
            Message(await SendAsync(HttpMethod.Patch, $"/v2/bookings/{uid}/location", Edits, new { location = new { type = "link", link = "javascript:alert(1)" } }, 400)));

        var (cancelled, _) = await client.PostJsonAsync($"/v2/bookings/{uid}/cancel", new { cancellationReason = "x" });
        Assert.Equal(200, (int)cancelled.StatusCode);
        Assert.Contains("cannot be changed",
            Message(await SendAsync(HttpMethod.Patch, $"/v2/bookings/{uid}/location", Edits, new { location = new { type = "address", address = "Elsewhere" } }, 400)));
    }
}
