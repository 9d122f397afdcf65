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
