using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Users;

/// <summary>
/// Identity's sign-in with one more rule: a disabled account cannot sign in by any step (password, authenticator
/// code, recovery code, a remembered browser, or a cookie refresh). Identity asks <see cref="CanSignInAsync"/> on
/// each of them except the recovery code, which the recovery page checks itself.
/// </summary>
public sealed class DisabledAccountSignInManager(
    UserManager<ApplicationUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<ApplicationUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.Disabled && await base.CanSignInAsync(user);
}
