using System.Security.Claims;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Users;

/// <summary>
/// <c>CalAdmin:SignIn:RequireTwoFactor</c>: a signed-in member of a listed role who has not enrolled in two-factor
/// sign-in reaches only the enrolment page and sign-out. Enforced on every request after authentication (pages,
/// exports, the Hangfire dashboard, Blazor's circuit connection), so no way in is left out; anonymous endpoints
/// (sign-in, static files, /health, the webhook) are untouched.
/// </summary>
public static class TwoFactorRequirement
{
    public const string EnrolmentPath = "/Account/Manage/EnableAuthenticator";

    public static WebApplication UseTwoFactorRequirement(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<IOptions<CalAdminOptions>>().Value.SignIn.RequireTwoFactor;
        if (roles.Count == 0) return app;

        app.Use(async (http, next) =>
        {
            if (MustEnrolFirst(http, roles) && await LacksTwoFactorAsync(http))
            {
                // A page visit is sent to enrolment; anything else (exports, API, the circuit) is refused outright.
                if (HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html"))
                    http.Response.Redirect(EnrolmentPath);
                else
                    await TypedResults.Problem("Enrol in two-factor sign-in first (" + EnrolmentPath + ").",
                        statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        return app;
    }

    private static bool MustEnrolFirst(HttpContext http, List<string> roles)
    {
        if (http.User.Identity?.IsAuthenticated != true || !roles.Any(http.User.IsInRole)) return false;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return false;
        var path = http.Request.Path;
        return !(path.Equals(EnrolmentPath, StringComparison.OrdinalIgnoreCase)
                 || path.Equals("/Account/Logout", StringComparison.OrdinalIgnoreCase));
    }

    // Read from the database, not the cookie: the moment enrolment succeeds, the rest opens.
    private static async Task<bool> LacksTwoFactorAsync(HttpContext http)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        return user is not null && !await users.GetTwoFactorEnabledAsync(user);
    }
}
