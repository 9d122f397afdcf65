namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// The <c>cal-api-version</c> each operation group is written against (Cal.com's 2026 docs). <see cref="ICalComApi"/>
/// tags its methods with these values and <see cref="Handlers.CalComApiVersionHandler"/> swaps a tag for the configured
/// value (<c>CalCom:ApiVersions:*</c>), so a newer version is a configuration change. The tags must differ from each
/// other: the tag is how the handler knows a request's group.
/// </summary>
public static class CalComApiVersions
{
    public const string Header = "cal-api-version";

    /// <summary>GET /v2/bookings with cursor paging (<c>cursor</c>, <c>limit</c> ≤ 100, one <c>status</c> per call).</summary>
    public const string BookingsList = "2026-05-01";

    /// <summary>GET /v2/bookings with take/skip paging: what a configured list version before <see cref="BookingsList"/> gets.</summary>
    public const string BookingsListByPage = "2024-08-13";

    /// <summary>Create, get one, cancel, reschedule, confirm, decline, mark-absent, reassign: 2026-02-25 keeps the 2024-08-13 shapes.</summary>
    public const string BookingActions = "2026-02-25";

    public const string Slots = "2024-09-04";

    /// <summary>
    /// Guests, attendees and location: the 2026 docs require exactly 2024-08-13 ("this endpoint does not exist in older
    /// API versions"). Tagged apart from <see cref="BookingsListByPage"/> (same date), so the list's setting never reaches them.
    /// </summary>
    public const string BookingEdits = "2024-08-13";
    internal const string BookingEditsTag = "booking-edits";

    /// <summary>request-reschedule exists only in the 2026-02-25 bookings controller; tagged apart from <see cref="BookingActions"/>.</summary>
    public const string RequestReschedule = "2026-02-25";
    internal const string RequestRescheduleTag = "request-reschedule";

    /// <summary>The shape CalAdmin reads (<c>*_2024_06_14</c>); the 2026 docs name 2026-06-12 for the same operations.</summary>
    public const string EventTypes = "2024-06-14";

    internal const string BookingsListHeader = Header + ": " + BookingsList;
    internal const string BookingsListByPageHeader = Header + ": " + BookingsListByPage;
    internal const string BookingActionsHeader = Header + ": " + BookingActions;
    internal const string SlotsHeader = Header + ": " + Slots;
    internal const string EventTypesHeader = Header + ": " + EventTypes;
    internal const string BookingEditsHeader = Header + ": " + BookingEditsTag;
    internal const string RequestRescheduleHeader = Header + ": " + RequestRescheduleTag;

    /// <summary>The configured version for a request tagged with a group's tag, or the tag itself.</summary>
    public static string Resolve(string tagged, CalComApiVersionOptions configured) => tagged switch
    {
        // Both list methods carry the configured list version: the client picks the method that version pages with.
        BookingsList or BookingsListByPage => configured.EffectiveBookingsList,
        BookingActions => configured.EffectiveBookingActions,
        Slots => configured.Slots,
        EventTypes => configured.EventTypes,
        BookingEditsTag => BookingEdits,
        RequestRescheduleTag => RequestReschedule,
        _ => tagged,
    };

    /// <summary>
    /// Whether a bookings list version pages by cursor: Cal.com moved GET /v2/bookings from take/skip to
    /// cursor/limit in 2026-05-01. Versions are dates, so text order is date order.
    /// </summary>
    public static bool ListPagesByCursor(string version) => string.CompareOrdinal(version, BookingsList) >= 0;
}
