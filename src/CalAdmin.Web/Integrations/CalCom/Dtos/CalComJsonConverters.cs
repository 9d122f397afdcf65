using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>
/// Reads any ISO 8601 instant (Cal.com mixes "Z", "+02:00" and milliseconds) as UTC, and writes UTC with "Z",
/// which is what Cal.com asks for in request bodies.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value.ToUniversalTime();
        throw new JsonException($"'{text}' is not an ISO 8601 instant");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(CalComTime.Format(value));
}

/// <summary>Booking actions answer one booking or, for recurring bookings, an array of them.</summary>
public sealed class OneOrManyBookingsConverter : JsonConverter<IReadOnlyList<CalComBooking>>
{
    public override IReadOnlyList<CalComBooking>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bookingInfo = (JsonTypeInfo<CalComBooking>)options.GetTypeInfo(typeof(CalComBooking));
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return [JsonSerializer.Deserialize(ref reader, bookingInfo)!];
            case JsonTokenType.StartArray:
                var bookings = new List<CalComBooking>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    bookings.Add(JsonSerializer.Deserialize(ref reader, bookingInfo)!);
                return bookings;
            default:
                throw new JsonException($"Expected a booking or an array of bookings, got {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<CalComBooking> value, JsonSerializerOptions options)
    {
        var bookingInfo = (JsonTypeInfo<CalComBooking>)options.GetTypeInfo(typeof(CalComBooking));
        writer.WriteStartArray();
        foreach (var booking in value) JsonSerializer.Serialize(writer, booking, bookingInfo);
        writer.WriteEndArray();
    }
}
