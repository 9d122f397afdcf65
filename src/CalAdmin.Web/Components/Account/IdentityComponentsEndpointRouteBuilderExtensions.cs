using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>The sign-out form posts here (antiforgery-checked like every form post).</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            // Only back into this app; LocalRedirect would throw (a 500) on anything else.
            var target = $"~/{returnUrl?.TrimStart('/')}";
            return TypedResults.LocalRedirect(Uri.IsWellFormedUriString(target[1..], UriKind.Relative) && !target.Contains('\\') && !target.StartsWith("~//") ? target : "~/");
        });

        return accountGroup;
    }
}
