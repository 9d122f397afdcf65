using System.Security.Claims;
using CalAdmin.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Users;

/// <summary>Per-user display choices, kept on the user's row so they follow the person to any browser.</summary>
public sealed class UserPreferences(AuthenticationStateProvider auth, IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The cookie app.js keeps with the browser's colour-scheme preference ("1" for dark).</summary>
    public const string BrowserPrefersDarkCookie = "caladmin-prefers-dark";

    private Task<bool?>? darkMode;

    /// <summary>
    /// The user's saved choice, null when there is none: read once per request or circuit (App, the layout and the
    /// switch all ask while drawing one page).
    /// </summary>
    public Task<bool?> GetDarkModeAsync() => darkMode ??= ReadDarkModeAsync();

    /// <summary>Whether a page is drawn dark: the saved choice, else the browser's preference as app.js last recorded it.</summary>
    public static bool DrawsDark(bool? saved, HttpContext? request) => saved ?? request?.Request.Cookies[BrowserPrefersDarkCookie] == "1";

    public async Task SetDarkModeAsync(bool dark)
    {
        await SetDarkModeAsync(await CurrentUserIdAsync(), dark);
        darkMode = Task.FromResult<bool?>(dark);
    }

    private async Task<bool?> ReadDarkModeAsync()
    {
        var userId = await CurrentUserIdAsync();
        if (userId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync();
    }

    /// <summary>For <c>POST /preferences/dark-mode</c> (<see cref="UsersSetup.MapUsers"/>), the switch of a page rendered without a circuit.</summary>
    internal async Task SetDarkModeAsync(string? userId, bool dark)
    {
        if (userId is null) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, dark));
    }

    private async Task<string?> CurrentUserIdAsync() =>
        (await auth.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
}
