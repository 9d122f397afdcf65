using CalAdmin.Web.Components;
using MudBlazor.Services;

namespace CalAdmin.Web.Infrastructure;

public static class PagesSetup
{
    /// <summary>
    /// MudBlazor and the interactive server components. Service lifetimes in circuits: feature data classes are scoped
    /// (one per circuit) and take <c>IDbContextFactory</c>, so components inject them directly and each call opens its
    /// own short DbContext; a component opens a service scope per action only where a scoped service keeps state
    /// between calls (Identity's <c>UserManager</c>).
    /// </summary>
    public static WebApplicationBuilder AddCalAdminPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            // MudBlazor fades a snackbar in for 1 s and out for 2 s: with twenty open pages each showing a live change's
            // notice, the browser drew those fades on every page, a third of its work for the change. A short fade reads
            // the same.
            o.SnackbarConfiguration.ShowTransitionDuration = 150;
            o.SnackbarConfiguration.HideTransitionDuration = 150;
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>The static assets, the pages and the account endpoints (sign-out, two-factor) of the Identity template.</summary>
    public static WebApplication MapCalAdminPages(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
