using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Sandbox;

/// <summary>
/// Makes a booking with the status a test needs through the sandbox's own API, at the sandbox's "now": the first free
/// slot of the coming two weeks, then decline or cancel. A test that needs a pending, rejected or cancelled booking
/// makes one instead of hoping the seeded data has one on the day it runs.
/// </summary>
internal static class SandboxBookings
{
    /// <param name="slug">A team event type, or the key owner's personal one; "enterprise-demo" needs confirmation (pending, rejected).</param>
    /// <param name="status">accepted (or pending, for an event type that needs confirmation), rejected, or cancelled.</param>
    public static async Task<string> CreateAsync(SandboxServer sandbox, string slug, string status, string email = "made.by.test@customer.example.org")
    {
        using var client = sandbox.CreateClient();
        int eventTypeId;
        DateOnly today;
        lock (sandbox.State.Gate)
        {
            eventTypeId = SandboxTestHost.EventTypeId(sandbox, slug);
            today = DateOnly.FromDateTime(sandbox.State.Now.UtcDateTime);
        }
        var slots = await SandboxTestHost.SlotStartsAsync(client, eventTypeId, today.AddDays(1), today.AddDays(14));
        Assert.True(slots.Count > 0, $"{slug} has no free slot in the two weeks after {today}");
        var (created, json) = await client.PostJsonAsync("/v2/bookings", SandboxTestHost.NewBooking(eventTypeId, slots[0], email));
        Assert.True(201 == (int)created.StatusCode, json.ToString());
        var uid = json.GetProperty("data").GetProperty("uid").GetString()!;

        var action = status switch
        {
            "rejected" => ("decline", (object)new { reason = "Outside our service area" }),
            "cancelled" => ("cancel", new { cancellationReason = "Customer can no longer make it" }),
            _ => default,
        };
        if (action.Item1 is { } path)
        {
            var (response, body) = await client.PostJsonAsync($"/v2/bookings/{uid}/{path}", action.Item2);
            Assert.True(response.IsSuccessStatusCode, body.ToString());
        }
        lock (sandbox.State.Gate)
            Assert.Equal(status, sandbox.State.Bookings.Single(b => b.Uid == uid).Status);
        return uid;
    }
}
