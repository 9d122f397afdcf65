using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>A Production start never falls back to the fake Cal.com, demo accounts, weak secrets or plain-HTTP cookies.</summary>
public sealed class ProductionSafetyTests
{
    private const string ApiKey = "cal_live_test_key_not_real";

    private static CalAdminFactory Production(bool withApiKey)
    {
        var factory = new CalAdminFactory { EnvironmentName = "Production" };
        // No bootstrap admin: whatever users exist afterwards were made by the start itself.
        factory.Settings.Remove("CalAdmin:Bootstrap:AdminEmail");
        factory.Settings.Remove("CalAdmin:Bootstrap:AdminPassword");
        // Nothing may leave the machine: a Live Cal.com is pointed at a closed loopback port.
        factory.Settings["CalCom:BaseUrl"] = "http://127.0.0.1:9";
        factory.Settings["CalCom:TeamId"] = "1001";
        if (withApiKey) factory.Settings["CalCom:ApiKey"] = ApiKey;
        return factory;
    }

    [Fact]
    public async Task Production_without_an_api_key_stops_and_names_the_setting()
    {
        await using var factory = Production(withApiKey: false);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var settingsError = Assert.IsType<InvalidSettingsException>(error.GetBaseException());
        Assert.Contains("CalCom:ApiKey is required in Production", settingsError.Message);
        Assert.Contains("CalCom:Mode=Sandbox", settingsError.Message);
    }

    [Fact]
    public async Task Production_runs_the_sandbox_only_when_asked_to_and_makes_no_demo_users_then_either()
    {
        await using var factory = Production(withApiKey: false);
        factory.Settings["CalCom:Mode"] = "Sandbox";

        Assert.NotNull(factory.Server);
        Assert.Equal(0, await UserCountAsync(factory));
    }

    [Fact]
    public async Task Production_with_an_api_key_creates_no_demo_users_and_sends_the_cookie_over_https_only()
    {
        await using var factory = Production(withApiKey: true);

        Assert.NotNull(factory.Server);

        Assert.Equal(0, await UserCountAsync(factory));
        var cookies = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        Assert.Equal(CookieSecurePolicy.Always, cookies.Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
    }

    [Fact]
    public async Task Production_answers_only_the_public_host_name_unless_allowed_hosts_is_set()
    {
        await using var factory = Production(withApiKey: true);
        factory.Settings["CalAdmin:PublicBaseUrl"] = "https://caladmin.example.com";
        // HTTPS: Production redirects plain HTTP.
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var forged = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { Host = "evil.example" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
        var real = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { Host = "caladmin.example.com" } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(real)).StatusCode);
    }

    [Fact]
    public async Task A_short_webhook_secret_stops_startup_naming_the_setting_but_not_the_secret()
    {
        await using var factory = new CalAdminFactory();
        factory.Settings["CalCom:WebhookSecrets:0"] = "short-but-secret";

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var message = Assert.IsType<InvalidSettingsException>(error.GetBaseException()).Message;
        Assert.Contains("CalCom:WebhookSecrets:0 is shorter than 32 characters", message);
        Assert.DoesNotContain("short-but-secret", message);
    }

    [Fact]
    public async Task Development_first_start_still_makes_the_demo_users_and_testing_does_not()
    {
        await using var development = new CalAdminFactory { EnvironmentName = "Development" };
        development.Settings.Remove("CalAdmin:Bootstrap:AdminEmail");
        development.Settings.Remove("CalAdmin:Bootstrap:AdminPassword");
        await using var testing = new CalAdminFactory();
        testing.Settings.Remove("CalAdmin:Bootstrap:AdminEmail");
        testing.Settings.Remove("CalAdmin:Bootstrap:AdminPassword");

        Assert.NotNull(development.Server);
        Assert.NotNull(testing.Server);

        Assert.Equal(UserBootstrap.DemoUsers.Select(d => d.Email).Order(StringComparer.Ordinal), await EmailsAsync(development));
        Assert.Empty(await EmailsAsync(testing));
    }

    [Fact]
    public async Task Demo_true_makes_the_demo_users_outside_development_too()
    {
        await using var factory = new CalAdminFactory();
        factory.Settings["CalAdmin:Demo"] = "true";

        Assert.NotNull(factory.Server);

        Assert.Equal(UserBootstrap.DemoUsers.Select(d => d.Email).Append(CalAdminFactory.AdminEmail).Order(StringComparer.Ordinal), await EmailsAsync(factory));
    }

    private static async Task<int> UserCountAsync(CalAdminFactory factory) => (await EmailsAsync(factory)).Count;

    private static async Task<List<string>> EmailsAsync(CalAdminFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return (await db.Users.Select(u => u.Email!).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }
}
