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
