using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database:Provider must be 'Sqlite' or 'SqlServer', not 'Oracle'.")]
    [InlineData("Database:Provider", "SqlServer", "ConnectionStrings:SqlServer is required")]
    [InlineData("CalAdmin:TimeZone", "Mars/Olympus_Mons", "CalAdmin:TimeZone 'Mars/Olympus_Mons' is not a known IANA time zone")]
    [InlineData("CalAdmin:PublicBaseUrl", "ftp://example.com", "CalAdmin:PublicBaseUrl must be an absolute http(s) URL")]
    [InlineData("CalAdmin:SignIn:MaxFailedAttempts", "0", "CalAdmin:SignIn:MaxFailedAttempts must be between 1 and 100")]
    public async Task A_bad_setting_stops_startup_with_a_message_naming_it(string key, string value, string expected)
    {
        await using var factory = new CalAdminFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var settingsError = Assert.IsType<InvalidSettingsException>(error.GetBaseException());
        Assert.Contains(expected, settingsError.Message);
    }

    [Fact]
    public async Task Environment_style_override_of_the_provider_is_honoured()
    {
        await using var factory = new CalAdminFactory();
        factory.Settings["Database:Provider"] = "sqlite";

        Assert.NotNull(factory.Server);
    }
}
