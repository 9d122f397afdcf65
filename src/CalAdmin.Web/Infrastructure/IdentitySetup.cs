using CalAdmin.Web.Components.Account;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CalAdmin.Web.Infrastructure;

public static class IdentitySetup
{
    public const string AdminPolicy = "Admin";
    public const string ManagerPolicy = "ManagerOrAdmin";
    public const string ActPolicy = "StaffOrAdmin";

    public static WebApplicationBuilder AddCalAdminIdentity(this WebApplicationBuilder builder)
    {
        var signIn = builder.Configuration.GetSection(CalAdminOptions.Section).Get<CalAdminOptions>()?.SignIn ?? new SignInOptions();
        var services = builder.Services;

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "CalAdmin.Auth";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        // Cookies are re-checked against the user's security stamp every minute (role change, disable, password reset).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = signIn.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(signIn.LockoutMinutes);
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<DisabledAccountSignInManager>()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            // Every endpoint needs a signed-in user unless it says [AllowAnonymous] (login, /health, the webhook).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(ManagerPolicy, p => p.RequireRole(Roles.Manager, Roles.Admin))
            .AddPolicy(ActPolicy, p => p.RequireRole(Roles.Staff, Roles.Admin));

        services.AddSingleton<SignInGuard>();
        SignInRateLimit.AddSignInRateLimit(builder);
        return builder;
    }
}
