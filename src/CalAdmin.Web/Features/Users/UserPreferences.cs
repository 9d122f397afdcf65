using System.Security.Claims;
using CalAdmin.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Users;

/// <summary>Per-user display choices, kept on the user's row so they follow the person to any browser.</summary>
public sealed class UserPreferences(AuthenticationStateProvider auth, IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool?> GetDarkModeAsync()
    {
        var userId = await CurrentUserIdAsync();
        if (userId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync();
    }

    public async Task SetDarkModeAsync(bool dark) => await SetDarkModeAsync(await CurrentUserIdAsync(), dark);

    private async Task SetDarkModeAsync(string? userId, bool dark)
    {
        if (userId is null) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, dark));
    }

    private async Task<string?> CurrentUserIdAsync() =>
        (await auth.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>
    /// POST /preferences/dark-mode (dark=true|false, returnUrl): the dark-mode switch of a page rendered without a
    /// circuit. Signed-in users only, with the form's antiforgery token; it redirects back to the page it came from.
    /// </summary>
    public static void MapDarkModeSwitch(IEndpointRouteBuilder app) =>
        // [FromForm] parameters make the antiforgery middleware check the token.
        app.MapPost("/preferences/dark-mode", async Task<IResult> (ClaimsPrincipal user, UserPreferences preferences,
            [Microsoft.AspNetCore.Mvc.FromForm] string? dark, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!bool.TryParse(dark, out var isDark))
                return TypedResults.Problem("'dark' must be true or false.", statusCode: StatusCodes.Status400BadRequest);
            await preferences.SetDarkModeAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), isDark);
            returnUrl ??= "/";
            // Only back into this app: an absolute or protocol-relative address would be an open redirect.
            return TypedResults.LocalRedirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/");
        }).RequireAuthorization();
}
