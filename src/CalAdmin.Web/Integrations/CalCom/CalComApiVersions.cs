namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// The <c>cal-api-version</c> each operation group is written against, as the OpenAPI spec documents them.
/// <see cref="ICalComApi"/> tags its methods with these values; <see cref="Handlers.CalComApiVersionHandler"/>
/// swaps a tag for the configured override, so a newer version is a configuration change.
/// </summary>
public static class CalComApiVersions
{
    public const string Header = "cal-api-version";

    public const string Bookings = "2024-08-13";
    public const string Slots = "2024-09-04";
    public const string EventTypes = "2024-06-14";

    internal const string BookingsHeader = Header + ": " + Bookings;
    internal const string SlotsHeader = Header + ": " + Slots;
    internal const string EventTypesHeader = Header + ": " + EventTypes;

    /// <summary>The configured version for a request tagged with a spec default, or the tag itself.</summary>
    public static string Resolve(string tagged, CalComApiVersionOptions configured) => tagged switch
    {
        Bookings => configured.Bookings,
        Slots => configured.Slots,
        EventTypes => configured.EventTypes,
        _ => tagged,
    };
}
