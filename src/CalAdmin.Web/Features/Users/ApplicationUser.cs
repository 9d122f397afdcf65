using Microsoft.AspNetCore.Identity;

namespace CalAdmin.Web.Features.Users;

public class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }
    /// <summary>The user's dark/light choice; null follows the browser.</summary>
    public bool? PrefersDarkMode { get; set; }
    /// <summary>Disabled by an admin: cannot sign in, and open sessions end at the next revalidation.</summary>
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class Roles
{
    public const string Staff = "Staff";
    public const string Manager = "Manager";
    public const string Admin = "Admin";

    public static readonly string[] All = [Staff, Manager, Admin];
}
