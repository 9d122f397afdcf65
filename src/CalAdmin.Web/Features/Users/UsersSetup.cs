using System.Security.Claims;

namespace CalAdmin.Web.Features.Users;

public static class UsersSetup
{
    /// <summary>The first users, the Users page's administration and each user's preferences (sign-in itself is in IdentitySetup).</summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddUsers();
        return builder;
    }

    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserBootstrap>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<UserPreferences>();
        return services;
    }

    /// <summary>
    /// <c>POST /preferences/dark-mode</c> (dark=true|false, returnUrl): the dark-mode switch of a page rendered without a
    /// circuit. Signed-in users only, with the form's antiforgery token; it redirects back to the page it came from.
    /// </summary>
    public static WebApplication MapUsers(this WebApplication app)
    {
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
        return app;
    }
}
