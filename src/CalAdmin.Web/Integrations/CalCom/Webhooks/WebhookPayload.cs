using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CalAdmin.Web.Integrations.CalCom.Webhooks;

/// <summary>The envelope of a Cal.com delivery: what the inbox needs before anything is applied.</summary>
public sealed record WebhookEnvelope(string Trigger, string? BookingUid, DateTime? CreatedAt)
{
    /// <summary>Cal.com has no event id: trigger + booking uid + createdAt identify a delivery.</summary>
    public string DedupKey => Hash($"{Trigger}|{BookingUid}|{CreatedAt?.ToString("O", CultureInfo.InvariantCulture)}");

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Reads trigger, uid and createdAt; null with a reason when the body is not a Cal.com delivery.</summary>
    public static WebhookEnvelope? TryRead(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "The body is JSON but not an object."; return null; }
            if (root.Str("triggerEvent") is not { Length: > 0 } trigger) { error = "The body has no triggerEvent."; return null; }
            var payload = root.Obj("payload");
            // MEETING_STARTED / MEETING_ENDED are flat: the booking's fields sit beside triggerEvent.
            var booking = payload ?? root;
            var uid = booking.Str("uid") ?? booking.Str("bookingUid");
            return new WebhookEnvelope(trigger, uid, root.Time("createdAt"));
        }
        catch (JsonException ex)
        {
            error = $"The body is not JSON: {ex.Message}";
            return null;
        }
    }
}

/// <summary>A Cal.com user named by a delivery (organizer, team member) as far as the payload tells.</summary>
public sealed record WebhookUser(int? Id, string? Name, string? Email, string? Username, string? TimeZone);

public sealed record WebhookAttendee(string Name, string Email, string? TimeZone, string? PhoneNumber, bool? NoShow);

/// <summary>
/// The booking part of a full Cal.com booking delivery, field for field as the wire has it. What CalAdmin makes of it
/// is the booking mirror's business (Features/Bookings/Mirror).
/// </summary>
public sealed record WebhookBooking(
    string Uid,
    int? BookingId,
    string Title,
    DateTime StartTime,
    DateTime EndTime,
    string? Status,
    int? EventTypeId,
    string? Type,
    string? EventTitle,
    string? Location,
    string? VideoCallUrl,
    string? Description,
    string? ResponsesJson,
    string? RescheduleUid,
    int? RescheduleId,
    DateTime? RescheduleStartTime,
    DateTime? RescheduleEndTime,
    string? CancellationReason,
    string? RejectionReason,
    WebhookUser? Organizer,
    IReadOnlyList<WebhookUser> TeamMembers,
    IReadOnlyList<WebhookAttendee> Attendees,
    IReadOnlyList<int> AddedHostUserIds,
    IReadOnlyList<int> RemovedHostUserIds);

/// <summary>Reads the parts of Cal.com's payloads that CalAdmin mirrors, tolerating missing and unknown fields.</summary>
public static class WebhookPayload
{
    public static JsonElement BookingElement(JsonElement root) => root.Obj("payload") ?? root;

    /// <summary>Null when the payload lacks what makes a booking: uid, startTime and endTime.</summary>
    public static WebhookBooking? ReadBooking(JsonElement root)
    {
        var p = BookingElement(root);
        var uid = p.Str("uid") ?? p.Str("bookingUid");
        var start = p.Time("startTime");
        var end = p.Time("endTime");
        if (uid is null || start is null || end is null) return null;

        // Flat MEETING_* payloads name the host as "user"; booking payloads as "organizer".
        var organizer = ReadUser(p.Obj("organizer") ?? p.Obj("user"));
        var members = p.Obj("team")?.Arr("members").Select(m => ReadUser(m)!).Where(m => m is not null).ToList() ?? [];
        var attendees = p.Arr("attendees")
            .Select(a => new WebhookAttendee(a.Str("name") ?? a.Str("email") ?? "", a.Str("email") ?? "", a.Str("timeZone"), a.Str("phoneNumber"), a.Bool("noShow")))
            .Where(a => a.Email.Length > 0)
            .ToList();
        // BOOKING_REASSIGNED (2026 webhooks guide): the hosts that joined and left; empty when a build does not say.
        static IReadOnlyList<int> Ids(IEnumerable<JsonElement> items) =>
            items.Where(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out _)).Select(i => i.GetInt32()).ToList();

        return new WebhookBooking(
            uid,
            p.Int("bookingId") ?? p.Int("id"),
            p.Str("title") ?? p.Str("eventTitle") ?? "(untitled)",
            start.Value,
            end.Value,
            p.Str("status"),
            p.Int("eventTypeId"),
            p.Str("type"),
            p.Str("eventTitle"),
            p.Str("location"),
            p.Obj("videoCallData")?.Str("url") ?? p.Obj("metadata")?.Str("videoCallUrl"),
            NullIfEmpty(p.Str("additionalNotes")) ?? NullIfEmpty(p.Str("description")),
            p.TryGetProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Object ? responses.GetRawText() : null,
            p.Str("rescheduleUid") ?? p.Str("fromReschedule"),
            p.Int("rescheduleId"),
            p.Time("rescheduleStartTime"),
            p.Time("rescheduleEndTime"),
            p.Str("cancellationReason"),
            p.Str("rejectionReason"),
            organizer,
            members,
            attendees,
            Ids(p.Arr("addedHostUserIds")),
            Ids(p.Arr("removedHostUserIds")));
    }

    /// <summary>BOOKING_NO_SHOW_UPDATED: the attendees whose absence changed, and the host's if it says.</summary>
    public static (IReadOnlyList<(string Email, bool NoShow)> Attendees, bool? HostNoShow) ReadNoShow(JsonElement root)
    {
        var p = BookingElement(root);
        var attendees = p.Arr("attendees")
            .Where(a => a.Str("email") is not null && a.Bool("noShow") is not null)
            .Select(a => (a.Str("email")!, a.Bool("noShow")!.Value))
            .ToList();
        return (attendees, p.Bool("noShowHost") ?? p.Bool("absentHost"));
    }

    private static WebhookUser? ReadUser(JsonElement? e) =>
        e is { } h && (h.Int("id") is not null || h.Str("email") is not null)
            ? new WebhookUser(h.Int("id"), h.Str("name"), h.Str("email"), h.Str("username"), h.Str("timeZone"))
            : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    internal static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static int? Int(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
            : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
            : null
            : null;

    internal static bool? Bool(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    internal static DateTime? Time(this JsonElement e, string name) =>
        e.Str(name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;

    internal static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    internal static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    internal static IEnumerable<JsonElement> Arr(this JsonElement? e, string name) => e is { } x ? x.Arr(name) : [];
}
