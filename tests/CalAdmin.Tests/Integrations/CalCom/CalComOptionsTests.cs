using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;

namespace CalAdmin.Tests.Integrations.CalCom;

public sealed class CalComOptionsTests
{
    private static IReadOnlyList<string> Failures(CalComOptions options) =>
        new CalComOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_are_valid_and_mean_sandbox_without_a_key()
    {
        var options = new CalComOptions();

        Assert.Empty(Failures(options));
        Assert.Equal("https://api.cal.com", options.BaseUrl);
        Assert.Equal(CalComMode.Sandbox, options.EffectiveMode);
        Assert.Equal(100, options.RequestsPerMinute);
        Assert.Equal(CalComMode.Live, new CalComOptions { ApiKey = "cal_live_x" }.EffectiveMode);
    }

    [Theory]
    [InlineData("api.cal.com")]
    [InlineData("ftp://cal.example.com")]
    [InlineData("")]
    public void A_base_url_must_be_absolute_http_or_https(string baseUrl) =>
        Assert.Contains("CalCom:BaseUrl must be an absolute http(s) URL", Failures(new CalComOptions { BaseUrl = baseUrl }));

    [Fact]
    public void Each_message_names_the_setting_to_fix()
    {
        var failures = Failures(new CalComOptions
        {
            Mode = CalComMode.Live,
            RequestsPerMinute = 0,
            AttemptTimeoutSeconds = 30,
            TotalTimeoutSeconds = 10,
            ApiVersions = new CalComApiVersionOptions { Bookings = "latest" },
        });

        Assert.Contains("CalCom:ApiKey is required when CalCom:Mode is Live", failures);
        Assert.Contains("CalCom:RequestsPerMinute must be between 1 and 10000", failures);
        Assert.Contains("CalCom:TotalTimeoutSeconds must be at least CalCom:AttemptTimeoutSeconds", failures);
        Assert.Contains("CalCom:ApiVersions:Bookings must be a Cal.com API version date like 2024-08-13", failures);
    }

    [Fact]
    public void Api_versions_default_to_the_2026_docs_and_the_former_Bookings_setting_sets_both_booking_groups()
    {
        var defaults = new CalComApiVersionOptions();
        Assert.Equal(("2026-05-01", "2026-02-25", "2024-09-04", "2024-06-14"), (defaults.EffectiveBookingsList, defaults.EffectiveBookingActions, defaults.Slots, defaults.EventTypes));

        var former = new CalComApiVersionOptions { Bookings = "2024-08-13" };
        Assert.Equal(("2024-08-13", "2024-08-13"), (former.EffectiveBookingsList, former.EffectiveBookingActions));
        var both = new CalComApiVersionOptions { Bookings = "2024-08-13", BookingsList = "2026-05-01" };
        Assert.Equal(("2026-05-01", "2024-08-13"), (both.EffectiveBookingsList, both.EffectiveBookingActions));
        Assert.False(CalComApiVersions.ListPagesByCursor(former.EffectiveBookingsList));
        Assert.True(CalComApiVersions.ListPagesByCursor(defaults.EffectiveBookingsList));
    }

    [Theory]
    [InlineData("BookingsList", "latest")]
    [InlineData("BookingActions", "2026-2-25")]
    [InlineData("Slots", "")]
    [InlineData("EventTypes", "v2")]
    public void A_version_that_is_not_a_date_is_refused_by_its_setting_name(string group, string value)
    {
        var versions = new CalComApiVersionOptions();
        typeof(CalComApiVersionOptions).GetProperty(group)!.SetValue(versions, value);

        Assert.Equal([$"CalCom:ApiVersions:{group} must be a Cal.com API version date like 2024-08-13"], Failures(new CalComOptions { ApiVersions = versions }));
    }

    [Theory]
    [InlineData("CalCom:ApiVersions:BookingsList", "newest")]
    [InlineData("CalCom:ApiVersions:BookingActions", "2026-02-30")]
    public async Task A_bad_version_setting_stops_startup_naming_it(string key, string value)
    {
        await using var factory = new CalAdminFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException) messages.Add(e.Message);
        Assert.Contains(messages, m => m.Contains($"{key} must be a Cal.com API version date like 2024-08-13", StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_never_shows_in_the_options_text()
    {
        var options = new CalComOptions { ApiKey = "cal_live_very_secret" };

        Assert.DoesNotContain("cal_live_very_secret", options.ToString());
        Assert.DoesNotContain("cal_live_very_secret", new CalComEndpoint(new Uri("https://api.cal.com"), "cal_live_very_secret", CalComMode.Live).ToString());
    }

    [Fact]
    public void UseSandbox_refuses_a_relative_or_non_http_address()
    {
        var connection = new CalComConnection(Microsoft.Extensions.Options.Options.Create(new CalComOptions()));

        Assert.Throws<ArgumentException>(() => connection.UseSandbox(new Uri("/v2", UriKind.Relative), "k"));
        Assert.Throws<ArgumentException>(() => connection.UseSandbox(new Uri("ftp://127.0.0.1/"), "k"));
    }
}
