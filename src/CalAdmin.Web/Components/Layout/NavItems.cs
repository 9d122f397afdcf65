using CalAdmin.Web.Features.Users;

namespace CalAdmin.Web.Components.Layout;

/// <summary>An entry of the side navigation and the roles that may open it (empty: every signed-in user).</summary>
public sealed record NavItem(string Title, string Href, string Icon, params string[] Roles)
{
    public bool VisibleTo(System.Security.Claims.ClaimsPrincipal user) =>
        Roles.Length == 0 || Roles.Any(user.IsInRole);
}

/// <summary>The one list of pages in the navigation. A page is added here when its issue builds it.</summary>
public static class NavItems
{
    public static readonly IReadOnlyList<NavItem> All =
    [
        new("Home", "/", MudBlazor.Icons.Material.Filled.Dashboard),
        new("Bookings", "/bookings", MudBlazor.Icons.Material.Filled.EventNote),
        new("Calendar", "/calendar", MudBlazor.Icons.Material.Filled.CalendarMonth),
        new("Hosts", "/hosts", MudBlazor.Icons.Material.Filled.SupportAgent),
        new("Away hosts", "/away", MudBlazor.Icons.Material.Filled.EventBusy, Roles.Admin, Roles.Staff),
        new("Insights", "/insights", MudBlazor.Icons.Material.Filled.Insights, Roles.Admin, Roles.Manager),
        new("Reassignments", "/reassignments", MudBlazor.Icons.Material.Filled.SwapHoriz, Roles.Admin, Roles.Manager),
        new("Staff", "/staff", MudBlazor.Icons.Material.Filled.Badge, Roles.Admin, Roles.Manager),
        new("Mappings", "/mappings", MudBlazor.Icons.Material.Filled.Link, Roles.Admin),
        new("Sync", "/sync", MudBlazor.Icons.Material.Filled.Sync, Roles.Admin, Roles.Manager),
        new("Audit", "/audit", MudBlazor.Icons.Material.Filled.History, Roles.Admin, Roles.Manager),
        new("Users", "/admin/users", MudBlazor.Icons.Material.Filled.ManageAccounts, Roles.Admin),
        new("Webhooks", "/admin/webhooks", MudBlazor.Icons.Material.Filled.Webhook, Roles.Admin),
        new("Settings", "/admin/settings", MudBlazor.Icons.Material.Filled.Settings, Roles.Admin),
    ];
}
