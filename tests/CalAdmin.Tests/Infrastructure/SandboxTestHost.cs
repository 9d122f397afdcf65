using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CalAdmin.Sandbox;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>A clock tests move by hand, so "now", rate-limit windows and slot times are fixed.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>
/// The sandbox alone over HTTP (no CalAdmin host): starts sandboxes on a free loopback port at a fixed Monday morning, and
/// small HTTP helpers for them. With CalAdmin's client in front, see <c>CalComTestHost.Create(SandboxServer, …)</c>; with
/// the whole host, <see cref="SandboxedCalAdminFactory"/>.
/// </summary>
public static class SandboxTestHost
{
    /// <summary>Monday 2 February 2026, 06:00 UTC: before every team member's working day starts, away from DST changes.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 2, 2, 6, 0, 0, TimeSpan.Zero);

    public static async Task<(SandboxServer Server, HttpClient Client, ManualClock Clock)> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var clock = new ManualClock(Monday);
        var options = new SandboxOptions { ApiKey = "cal_test_sandbox", TimeProvider = clock };
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options);
        return (server, server.CreateClient(), clock);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? version = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (version is not null) request.Headers.Add("cal-api-version", version);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Json)> SendJsonAsync(this HttpClient client, HttpMethod method, string path,
        string? version = null, object? body = null)
    {
        var response = await client.SendAsync(Request(method, path, version, body));
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, json);
    }

    public static Task<(HttpResponseMessage Response, JsonElement Json)> GetJsonAsync(this HttpClient client, string path, string? version = null) =>
        client.SendJsonAsync(HttpMethod.Get, path, version);

    public static Task<(HttpResponseMessage Response, JsonElement Json)> PostJsonAsync(this HttpClient client, string path, object body, string? version = "2024-08-13") =>
        client.SendJsonAsync(HttpMethod.Post, path, version, body);

    /// <summary>The free slot starts (UTC instants as ISO strings) of an event type over the next days.</summary>
    public static async Task<List<DateTimeOffset>> SlotStartsAsync(HttpClient client, int eventTypeId, DateOnly from, DateOnly to, string? rescheduleUid = null)
    {
        var path = $"/v2/slots?eventTypeId={eventTypeId}&start={from:yyyy-MM-dd}&end={to:yyyy-MM-dd}&timeZone=UTC";
        if (rescheduleUid is not null) path += $"&bookingUidToReschedule={rescheduleUid}";
        var (response, json) = await client.GetJsonAsync(path, "2024-09-04");
        Assert.Equal(200, (int)response.StatusCode);
        return json.GetProperty("data").EnumerateObject()
            .SelectMany(day => day.Value.EnumerateArray().Select(slot => DateTimeOffset.Parse(slot.GetProperty("start").GetString()!)))
            .Select(s => s.ToUniversalTime())
            .ToList();
    }

    public static object NewBooking(int eventTypeId, DateTimeOffset start, string email = "ana.lima@customer.example.org", object? fields = null) => new
    {
        start = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        eventTypeId,
        attendee = new { name = "Ana Lima", email, timeZone = "America/Sao_Paulo" },
        bookingFieldsResponses = fields,
    };

    public static int EventTypeId(SandboxServer server, string slug) =>
        server.State.EventTypes.First(e => e.Slug == slug && (e.TeamId is not null || e.OwnerId == server.State.MeUserId)).Id;

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}

/// <summary>One sandbox (defaults, at <see cref="SandboxTestHost.Monday"/>) shared through <c>IClassFixture</c> by a test class whose tests only read.</summary>
public sealed class SharedSandbox : IAsyncLifetime
{
    public SandboxServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => (Server, Client, _) = await SandboxTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
