using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

// Bodies and answers of the booking edits in Cal.com's 2026 docs: guests, attendees and location (cal-api-version
// 2024-08-13, which these endpoints require) and request-reschedule (2026-02-25).

/// <summary>AddGuestsInput_2024_08_13: 1 to 10 guests a request, at most 30 on a booking.</summary>
public sealed record AddGuestsRequest(IReadOnlyList<BookingGuest> Guests);

/// <summary>Guest: only <see cref="Email"/> is required.</summary>
public sealed record BookingGuest(string Email, string? Name = null, string? TimeZone = null, string? PhoneNumber = null);

/// <summary>AddAttendeeInput_2024_08_13: name, timeZone and email are required.</summary>
public sealed record AddAttendeeRequest(string Name, string TimeZone, string Email, string? PhoneNumber = null, string? Language = null);

/// <summary>BookingAttendeeOutput_2024_08_13, the answer to adding an attendee (not the booking).</summary>
public sealed record CalComAddedAttendee(int? Id, int? BookingId, string? Name, string? Email, string? TimeZone, bool? Absent, string? PhoneNumber);

/// <summary>UpdateBookingLocationInput_2024_08_13.</summary>
public sealed record UpdateLocationRequest(BookingLocationInput Location);

/// <summary>
/// One of the Update*Location_2024_08_13 shapes: <c>{type, &lt;field&gt;: value}</c>, the field named by the type
/// (<c>address</c>, <c>link</c>, <c>phone</c>, <c>integration</c> e.g. cal-video; any other type is
/// <c>{type, location}</c>, the attendee-defined shape). Written by <see cref="BookingLocationInputConverter"/>.
/// </summary>
[JsonConverter(typeof(BookingLocationInputConverter))]
public sealed record BookingLocationInput(string Type, string Value)
{
    public string Field => Type is "address" or "link" or "phone" or "integration" ? Type : "location";
}

public sealed class BookingLocationInputConverter : JsonConverter<BookingLocationInput>
{
    public override BookingLocationInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("CalAdmin only sends locations.");

    public override void Write(Utf8JsonWriter writer, BookingLocationInput value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        writer.WriteString(value.Field, value.Value);
        writer.WriteEndObject();
    }
}

/// <summary>RequestRescheduleInput_2024_08_13.</summary>
public sealed record RequestRescheduleRequest(string? RescheduleReason = null);

/// <summary>RequestRescheduleOutput_2024_08_13: only a status; the booking is read back.</summary>
public sealed record CalComStatusResponse(string? Status);
