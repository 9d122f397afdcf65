using System.Globalization;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>Checks section CalCom at start; each message names the setting to fix.</summary>
internal sealed class CalComOptionsValidator : IValidateOptions<CalComOptions>
{
    public ValidateOptionsResult Validate(string? name, CalComOptions options)
    {
        var failures = new List<string>();

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            failures.Add("CalCom:BaseUrl must be an absolute http(s) URL");

        if (options.EffectiveMode == CalComMode.Live && string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add("CalCom:ApiKey is required when CalCom:Mode is Live");

        if (options.RequestsPerMinute is < 1 or > 10_000)
            failures.Add("CalCom:RequestsPerMinute must be between 1 and 10000");

        if (options.AttemptTimeoutSeconds <= 0)
            failures.Add("CalCom:AttemptTimeoutSeconds must be greater than 0");

        if (options.TotalTimeoutSeconds < options.AttemptTimeoutSeconds)
            failures.Add("CalCom:TotalTimeoutSeconds must be at least CalCom:AttemptTimeoutSeconds");

        if (options.RetryBaseDelaySeconds < 0)
            failures.Add("CalCom:RetryBaseDelaySeconds must not be negative");

        // A set but bad legacy Bookings value is named as such, not as the two settings that fall back to it.
        var versions = options.ApiVersions;
        if (versions.Bookings is { } legacy) CheckVersion(legacy, "Bookings", failures);
        if (versions.BookingsList is { } list) CheckVersion(list, "BookingsList", failures);
        if (versions.BookingActions is { } actions) CheckVersion(actions, "BookingActions", failures);
        CheckVersion(versions.Slots, "Slots", failures);
        CheckVersion(versions.EventTypes, "EventTypes", failures);

        if (options.TeamId is <= 0)
            failures.Add("CalCom:TeamId must be a positive Cal.com team id");

        if (options.OrganizationId is <= 0)
            failures.Add("CalCom:OrganizationId must be a positive Cal.com organization id");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckVersion(string? value, string group, List<string> failures)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            failures.Add($"CalCom:ApiVersions:{group} must be a Cal.com API version date like 2024-08-13");
    }
}
