using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>
/// Source-generated JSON for every wire type (Refit 16 has no reflection path here). Lenient on input:
/// unknown fields are ignored, numbers may come quoted, enums stay text in the DTOs.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(CalComResponse<CalComMe>))]
[JsonSerializable(typeof(CalComListResponse<CalComTeam>))]
[JsonSerializable(typeof(CalComListResponse<CalComMembership>))]
[JsonSerializable(typeof(CalComListResponse<CalComOrganizationUser>))]
[JsonSerializable(typeof(CalComListResponse<CalComEventType>))]
[JsonSerializable(typeof(CalComResponse<CalComEventType>))]
[JsonSerializable(typeof(CalComListResponse<CalComBooking>))]
[JsonSerializable(typeof(CalComCursorListResponse<CalComBooking>))]
[JsonSerializable(typeof(CalComBookingsResponse))]
[JsonSerializable(typeof(CalComResponse<CalComReassignment>))]
[JsonSerializable(typeof(CalComSlotsResponse))]
[JsonSerializable(typeof(CalComResponse<CalComSlotReservation>))]
[JsonSerializable(typeof(CalComListResponse<CalComWebhook>))]
[JsonSerializable(typeof(CalComResponse<CalComWebhook>))]
[JsonSerializable(typeof(CalComErrorResponse))]
[JsonSerializable(typeof(CreateBookingRequest))]
[JsonSerializable(typeof(CancelBookingRequest))]
[JsonSerializable(typeof(RescheduleBookingRequest))]
[JsonSerializable(typeof(ReassignBookingToUserRequest))]
[JsonSerializable(typeof(DeclineBookingRequest))]
[JsonSerializable(typeof(MarkAbsentRequest))]
[JsonSerializable(typeof(ReserveSlotRequest))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
[JsonSerializable(typeof(CalComListResponse<CalComOutOfOffice>))]
[JsonSerializable(typeof(CalComResponse<CalComOutOfOffice>))]
[JsonSerializable(typeof(CreateOutOfOfficeRequest))]
[JsonSerializable(typeof(AddGuestsRequest))]
[JsonSerializable(typeof(AddAttendeeRequest))]
[JsonSerializable(typeof(CalComResponse<CalComAddedAttendee>))]
[JsonSerializable(typeof(UpdateLocationRequest))]
[JsonSerializable(typeof(RequestRescheduleRequest))]
[JsonSerializable(typeof(CalComStatusResponse))]
public sealed partial class CalComJsonContext : JsonSerializerContext;
