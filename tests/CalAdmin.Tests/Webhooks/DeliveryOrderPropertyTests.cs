using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CalAdmin.Tests.Webhooks;

/// <summary>
/// Random lifecycles of 200 bookings, every delivery sent one to three times, shuffled, from 25 concurrent senders:
/// the rows must end where applying the events once, in createdAt order, ends.
/// </summary>
public sealed class DeliveryOrderPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WebhookHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    private sealed record Expected(string Uid, BookingStatus Status, DateTime Start, int HostId, string AttendeeEmail, bool AttendeeAbsent, string? From, string? To);

    [Theory]
    [InlineData(20261123)]
    [InlineData(7)]
    public async Task Shuffled_duplicated_concurrent_deliveries_end_like_ordered_ones(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var (events, expected) = Generate(random, bookings: 200);
        var sends = events.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).OrderBy(_ => random.Next()).ToList();
        var client = host.CreateBrowserClient();

        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 25 }, async (body, ct) =>
        {
            var response = await client.PostSignedAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await host.WaitForIdleAsync();

        var rows = await host.QueryAsync(db => db.Bookings.AsNoTracking()
            .Select(b => new
            {
                b.Uid, b.Status, b.StartUtc, b.RescheduledFromUid, b.RescheduledToUid,
                Hosts = b.Hosts.Select(h => h.Host.CalComUserId).ToList(),
                Attendees = b.Attendees.Select(a => new { a.Email, a.Absent }).ToList(),
            }).ToDictionaryAsync(b => b.Uid));

        Assert.Equal(expected.Count, rows.Count);
        foreach (var e in expected)
        {
            var row = rows[e.Uid];
            Assert.True(e.Status == row.Status, $"{e.Uid}: status {row.Status}, expected {e.Status}");
            Assert.Equal(e.Start, row.StartUtc);
            Assert.Equal([e.HostId], row.Hosts);
            var attendee = Assert.Single(row.Attendees);
            Assert.Equal(e.AttendeeEmail, attendee.Email);
            Assert.True(e.AttendeeAbsent == attendee.Absent, $"{e.Uid}: absent {attendee.Absent}, expected {e.AttendeeAbsent}");
            Assert.Equal(e.From, row.RescheduledFromUid);
            Assert.Equal(e.To, row.RescheduledToUid);
        }

        // Every delivery is accounted for: one inbox row per distinct event, the copies counted on it, none left over.
        var inbox = await host.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Select(d => new { d.Outcome, d.DuplicateCount }).ToListAsync());
        Assert.Equal(events.Count, inbox.Count);
        Assert.Equal(sends.Count, inbox.Sum(d => 1 + d.DuplicateCount));
        Assert.DoesNotContain(inbox, d => d.Outcome is DeliveryOutcome.Pending or DeliveryOutcome.Failed or DeliveryOutcome.Waiting);
        Assert.Equal(5, await host.QueryAsync(db => db.Hosts.CountAsync()));
    }

    private static (List<string> Events, List<Expected> Expected) Generate(Random random, int bookings)
    {
        var events = new List<string>();
        var expected = new List<Expected>();
        var epoch = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < bookings; i++)
        {
            var uid = $"prop-{i}";
            var hostId = 501 + random.Next(5);
            var email = $"guest{i}@example.com";
            var t = epoch.AddMinutes(i * 7);
            var start = epoch.AddDays(3 + random.Next(20)).AddHours(random.Next(8));
            var requested = random.NextDouble() < 0.3;
            events.Add(Booking(requested ? Triggers.Requested : Triggers.Created, t, uid, i, start, hostId, email, requested ? "PENDING" : "ACCEPTED"));

            var current = uid;
            var currentStart = start;
            var rescheduled = random.NextDouble() < 0.4;
            if (rescheduled)
            {
                current = uid + "-r";
                currentStart = start.AddDays(1);
                events.Add(Booking(Triggers.Rescheduled, t.AddMinutes(1), current, 10_000 + i, currentStart, hostId, email, "ACCEPTED",
                    extra: p => { p["rescheduleUid"] = uid; p["rescheduleId"] = i; p["rescheduleStartTime"] = Iso(start); p["rescheduleEndTime"] = Iso(start.AddMinutes(30)); }));
            }
            var noShow = random.NextDouble() < 0.3;
            if (noShow)
                events.Add(Envelope(Triggers.NoShowUpdated, t.AddMinutes(2), new JsonObject
                {
                    ["message"] = $"{email} marked as no-show",
                    ["attendees"] = new JsonArray(new JsonObject { ["email"] = email, ["noShow"] = true }),
                    ["bookingUid"] = current,
                    ["bookingId"] = rescheduled ? 10_000 + i : i,
                }));
            var cancelled = random.NextDouble() < 0.35;
            if (cancelled)
                events.Add(Booking(Triggers.Cancelled, t.AddMinutes(3), current, rescheduled ? 10_000 + i : i, currentStart, hostId, email, "CANCELLED",
                    extra: p => p["cancellationReason"] = "Cannot make it"));

            var currentStatus = cancelled ? BookingStatus.Cancelled : requested && !rescheduled ? BookingStatus.Pending : BookingStatus.Accepted;
            if (rescheduled)
            {
                expected.Add(new Expected(uid, BookingStatus.Rescheduled, start, hostId, email, false, null, current));
                expected.Add(new Expected(current, currentStatus, currentStart, hostId, email, noShow, uid, null));
            }
            else
            {
                expected.Add(new Expected(uid, currentStatus, start, hostId, email, noShow, null, null));
            }
        }
        return (events, expected);
    }

    private static string Booking(string trigger, DateTime at, string uid, int id, DateTime start, int hostId, string email, string status, Action<JsonObject>? extra = null)
    {
        var payload = new JsonObject
        {
            ["uid"] = uid,
            ["bookingId"] = id,
            ["title"] = $"Consultation {id}",
            ["type"] = "consultation",
            ["eventTypeId"] = 2001,
            ["startTime"] = Iso(start),
            ["endTime"] = Iso(start.AddMinutes(30)),
            ["status"] = status,
            ["organizer"] = new JsonObject { ["id"] = hostId, ["name"] = $"Host {hostId}", ["email"] = $"host{hostId}@example.com", ["username"] = $"host{hostId}", ["timeZone"] = "Europe/Berlin" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest", ["email"] = email, ["timeZone"] = "UTC" }),
        };
        extra?.Invoke(payload);
        return Envelope(trigger, at, payload);
    }

    private static string Envelope(string trigger, DateTime at, JsonObject payload) =>
        new JsonObject { ["triggerEvent"] = trigger, ["createdAt"] = Iso(at), ["payload"] = payload }.ToJsonString();

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}
