using System.Globalization;
using System.Text.Json.Nodes;

namespace CalAdmin.Benchmarks;

/// <summary>
/// The deliveries of the crash benchmark: booking lifecycles as Cal.com sends them. Each lifecycle is five deliveries:
/// BOOKING_CREATED, then reschedules (each a new uid with <c>rescheduleUid</c> naming the one before, as Cal.com does),
/// and for every other lifecycle a BOOKING_CANCELLED of the last booking in place of the fourth reschedule. Each
/// delivery's <c>createdAt</c> is later than the one before it in its lifecycle, which is the order CalAdmin applies by.
/// </summary>
public sealed record CrashDelivery(int Lifecycle, int Step, string Body);

/// <summary>What one booking row must look like once every delivery is applied in order.</summary>
public sealed record ExpectedBooking(string Uid, string Status, DateTime StartUtc, string? RescheduledToUid);

public static class CrashLifecycles
{
    public const int StepsPerLifecycle = 5;
    // BookingStatus as the web app stores it.
    private const string Accepted = "Accepted", Cancelled = "Cancelled", Rescheduled = "Rescheduled";

    public static string Uid(string run, int lifecycle, int version) => $"crash-{run}-{lifecycle}-v{version}";

    /// <summary>All deliveries, step by step across lifecycles (every lifecycle's step 0, then every step 1, ...).</summary>
    public static List<CrashDelivery> Deliveries(string run, int lifecycles, DateTime origin)
    {
        var all = new List<CrashDelivery>(lifecycles * StepsPerLifecycle);
        for (var step = 0; step < StepsPerLifecycle; step++)
            for (var i = 0; i < lifecycles; i++)
                all.Add(new CrashDelivery(i, step, Body(run, i, step, origin)));
        return all;
    }

    private static bool EndsCancelled(int lifecycle) => lifecycle % 2 == 1;

    private static DateTime Start(DateTime origin, int lifecycle, int version) =>
        origin.Date.AddDays(7 + version).AddHours(8 + lifecycle % 9).AddMinutes(lifecycle % 4 * 15);

    private static string Body(string run, int i, int step, DateTime origin)
    {
        var cancel = EndsCancelled(i) && step == StepsPerLifecycle - 1;
        var version = cancel ? step - 1 : step;
        var trigger = step == 0 ? "BOOKING_CREATED" : cancel ? "BOOKING_CANCELLED" : "BOOKING_RESCHEDULED";
        var start = Start(origin, i, version);
        var host = 900 + i % 10;
        var payload = new JsonObject
        {
            ["uid"] = Uid(run, i, version), ["bookingId"] = 1_000_000 + i * 10 + version, ["title"] = $"Consultation {i}", ["type"] = "consultation",
            ["eventTypeId"] = 2001, ["startTime"] = Iso(start), ["endTime"] = Iso(start.AddMinutes(30)),
            ["status"] = cancel ? "CANCELLED" : "ACCEPTED", ["location"] = "integrations:daily",
            ["organizer"] = new JsonObject { ["id"] = host, ["name"] = $"Host {host}", ["email"] = $"host{host}@example.com", ["username"] = $"host{host}", ["timeZone"] = "Europe/Berlin" },
            ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Guest Person", ["email"] = $"guest-{i}@example.com", ["timeZone"] = "America/New_York" }),
            ["responses"] = new JsonObject { ["name"] = new JsonObject { ["label"] = "your_name", ["value"] = "Guest Person" } },
        };
        if (trigger == "BOOKING_RESCHEDULED")
        {
            var before = Start(origin, i, version - 1);
            payload["rescheduleUid"] = Uid(run, i, version - 1);
            payload["rescheduleStartTime"] = Iso(before);
            payload["rescheduleEndTime"] = Iso(before.AddMinutes(30));
        }
        if (cancel) payload["cancellationReason"] = "Guest cancelled";
        return new JsonObject
        {
            ["triggerEvent"] = trigger,
            // One second per step: the order Cal.com created them in, whatever order they arrive in.
            ["createdAt"] = Iso(origin.AddSeconds(step).AddMilliseconds(i)),
            ["payload"] = payload,
        }.ToJsonString();
    }

    /// <summary>The rows the in-order application of every lifecycle leaves.</summary>
    public static IEnumerable<ExpectedBooking> Expected(string run, int lifecycles, DateTime origin)
    {
        for (var i = 0; i < lifecycles; i++)
        {
            var last = EndsCancelled(i) ? StepsPerLifecycle - 2 : StepsPerLifecycle - 1;
            for (var version = 0; version < last; version++)
                yield return new ExpectedBooking(Uid(run, i, version), Rescheduled, Start(origin, i, version), Uid(run, i, version + 1));
            yield return new ExpectedBooking(Uid(run, i, last), EndsCancelled(i) ? Cancelled : Accepted, Start(origin, i, last), null);
        }
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
