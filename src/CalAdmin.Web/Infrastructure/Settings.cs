using System.ComponentModel.DataAnnotations;

namespace CalAdmin.Web.Infrastructure;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Kept as text so a wrong value is reported by name instead of failing inside the binder.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);
    /// <summary>Defaults to true on SQLite and false on SQL Server (a DBA applies the script there).</summary>
    public bool? MigrateOnStartup { get; set; }

    public DatabaseProvider ParsedProvider => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);
    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? ParsedProvider == DatabaseProvider.Sqlite;
}

/// <summary>The <c>CalAdmin</c> section: the business-level settings.</summary>
public sealed class CalAdminOptions
{
    public const string Section = "CalAdmin";

    /// <summary>The business's IANA time zone, used for "today", "this week" and the default display zone.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>The address Cal.com and browsers reach CalAdmin at (webhook subscriptions point here).</summary>
    public string? PublicBaseUrl { get; set; }
    public BootstrapOptions Bootstrap { get; set; } = new();
    public SignInOptions SignIn { get; set; } = new();
    /// <summary>Demo users on first start; unset means only in a Development run on the embedded database.</summary>
    public bool? Demo { get; set; }

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

public sealed class SignInOptions
{
    [Range(1, 100)] public int MaxFailedAttempts { get; set; } = 5;
    [Range(1, 1440)] public int LockoutMinutes { get; set; } = 15;
    /// <summary>Sign-in form posts (password, 2FA, recovery code) one client address may make per minute.</summary>
    [Range(1, 1000)] public int AttemptsPerMinute { get; set; } = 10;
    /// <summary>Roles whose members must enrol in two-factor sign-in before they can use anything else.</summary>
    public List<string> RequireTwoFactor { get; set; } = [];
}

/// <summary>Checks every setting up front and names the bad one, so a misconfigured server fails at start, not at first use.</summary>
public static class SettingsValidation
{
    public static IReadOnlyList<string> Validate(IConfiguration config, string contentRoot, IHostEnvironment? environment = null)
    {
        var errors = new List<string>();
        var db = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!Enum.TryParse<DatabaseProvider>(db.Provider, ignoreCase: true, out var provider) || int.TryParse(db.Provider, out _))
        {
            errors.Add($"Database:Provider must be 'Sqlite' or 'SqlServer', not '{db.Provider}'.");
        }
        else if (provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(config.GetConnectionString("SqlServer")))
        {
            errors.Add("ConnectionStrings:SqlServer is required when Database:Provider is 'SqlServer'.");
        }

        var app = config.GetSection(CalAdminOptions.Section).Get<CalAdminOptions>() ?? new CalAdminOptions();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(app.TimeZone, out _))
            errors.Add($"CalAdmin:TimeZone '{app.TimeZone}' is not a known IANA time zone (for example 'Europe/Berlin').");
        if (!string.IsNullOrWhiteSpace(app.PublicBaseUrl)
            && !(Uri.TryCreate(app.PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            errors.Add($"CalAdmin:PublicBaseUrl must be an absolute http(s) URL, not '{app.PublicBaseUrl}'.");
        if (string.IsNullOrWhiteSpace(app.Bootstrap.AdminEmail) != string.IsNullOrWhiteSpace(app.Bootstrap.AdminPassword))
            errors.Add("CalAdmin:Bootstrap:AdminEmail and CalAdmin:Bootstrap:AdminPassword must be set together.");
        if (app.SignIn.MaxFailedAttempts is < 1 or > 100)
            errors.Add("CalAdmin:SignIn:MaxFailedAttempts must be between 1 and 100.");
        if (app.SignIn.LockoutMinutes is < 1 or > 1440)
            errors.Add("CalAdmin:SignIn:LockoutMinutes must be between 1 and 1440.");
        if (app.SignIn.AttemptsPerMinute is < 1 or > 1000)
            errors.Add("CalAdmin:SignIn:AttemptsPerMinute must be between 1 and 1000.");
        foreach (var role in app.SignIn.RequireTwoFactor.Where(r => !Features.Users.Roles.All.Contains(r)))
            errors.Add($"CalAdmin:SignIn:RequireTwoFactor names '{role}', which is not a role ({string.Join(", ", Features.Users.Roles.All)}).");
        errors.AddRange(ChangeFeedSetup.Validate(config));
        errors.AddRange(ForwardedHeadersSetup.Validate(config));
        errors.AddRange(Features.Webhooks.WebhookFloodOptions.Validate(config));
        errors.AddRange(Features.Calendar.BusinessHoursOptions.Validate(config));
        errors.AddRange(ProductionSafety.Validate(config, environment));
        errors.AddRange(Features.Webhooks.PayloadRetentionOptions.Validate(config));
        return errors;
    }
}

/// <summary>Thrown at startup when a setting is wrong; its message names the setting.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> errors)
    : Exception("CalAdmin cannot start: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
