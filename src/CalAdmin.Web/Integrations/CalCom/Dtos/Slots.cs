namespace CalAdmin.Web.Integrations.CalCom.Dtos;

/// <summary>Available slots by day ("2050-09-05"); CalAdmin always asks for format=range.</summary>
public sealed record CalComSlotsResponse(string? Status, IReadOnlyDictionary<string, IReadOnlyList<CalComSlot>>? Data);

public sealed record CalComSlot(DateTimeOffset Start, DateTimeOffset? End);

public sealed record ReserveSlotRequest(
    int EventTypeId,
    DateTimeOffset SlotStart,
    int? SlotDuration = null,
    int? ReservationDuration = null);

public sealed record CalComSlotReservation(
    string? ReservationUid,
    int EventTypeId,
    DateTimeOffset SlotStart,
    DateTimeOffset SlotEnd,
    int? SlotDuration,
    int? ReservationDuration,
    DateTimeOffset? ReservationUntil);
