namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// Which bookings to read from Cal.com. <see cref="Statuses"/> takes <see cref="Dtos.CalComBookingListStatuses"/>
/// values (upcoming, recurring, past, cancelled, unconfirmed); instants are sent as UTC.
/// </summary>
public sealed record CalComBookingFilter(
    IReadOnlyList<string>? Statuses = null,
    DateTimeOffset? AfterStart = null,
    DateTimeOffset? BeforeEnd = null,
    DateTimeOffset? AfterUpdatedAt = null,
    IReadOnlyList<int>? EventTypeIds = null,
    int? TeamId = null);
