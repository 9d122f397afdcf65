using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>Admin → Settings → Test connection, through the real dashboard host.</summary>
public sealed class ConnectionCheckTests
{
    [Fact]
    public async Task An_unreachable_Cal_com_gives_a_clear_result_and_the_dashboard_keeps_running()
    {
        await using var factory = new CalAdminFactory();
        factory.Settings["CalCom:Mode"] = "Live";
        factory.Settings["CalCom:BaseUrl"] = "http://127.0.0.1:9/";
        factory.Settings["CalCom:ApiKey"] = "cal_live_not_a_real_key";
        factory.Settings["CalCom:TeamId"] = "1001";
        factory.Settings["CalCom:AttemptTimeoutSeconds"] = "1";
        factory.Settings["CalCom:TotalTimeoutSeconds"] = "3";
        factory.Settings["CalCom:RetryBaseDelaySeconds"] = "0.01";

        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ConnectionCheck>().RunAsync();

        Assert.False(result.Ok);
        Assert.Contains("could not be reached", result.Message);
        Assert.DoesNotContain("cal_live_not_a_real_key", result.Message);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowserClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_embedded_sandbox_passes_the_connection_test()
    {
        await using var factory = new CalAdminFactory();

        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ConnectionCheck>().RunAsync();

        Assert.True(result.Ok, result.Message);
        Assert.Contains("Team \"", result.Message);
    }

    [Fact]
    public async Task A_member_key_passes_and_lists_what_will_not_work_with_it()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync(role: "MEMBER");

        var result = await live.Get<ConnectionCheck>().RunAsync();

        Assert.True(result.Ok, result.Message);
        Assert.Null(result.Role);
        Assert.Contains("role unknown", result.Message);
        Assert.Contains("3 things will not work with this key", result.Message);
        Assert.Collection(result.Limitations,
            l => Assert.Contains("Team memberships: Cal.com refuses to list them (\"RolesGuard - user with id=", l),
            l => Assert.Contains("Reassignment: probably refused", l),
            l => Assert.Contains("Webhook subscriptions: probably refused", l));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task An_owner_key_names_its_user_and_role_and_nothing_fails()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync();
        string name;
        lock (live.Sandbox.State.Gate) name = live.Sandbox.State.Me.Name;

        var result = await live.Get<ConnectionCheck>().RunAsync();

        Assert.True(result.Ok, result.Message);
        Assert.Equal("OWNER", result.Role);
        Assert.StartsWith($"Connected as {name} (", result.Message);
        Assert.Contains("team OWNER", result.Message);
        Assert.Empty(result.Limitations);
    }

    [Fact]
    public async Task An_organization_without_the_Admin_API_is_listed_as_a_limitation()
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync(o => o.OrganizationAdminApi = false, role: "ADMIN",
            settings: s => s["CalCom:OrganizationId"] = "1000");

        var result = await live.Get<ConnectionCheck>().RunAsync();

        Assert.True(result.Ok, result.Message);
        Assert.Contains(result.Limitations, l => l.StartsWith("Organization endpoints (CalCom:OrganizationId 1000)") && l.Contains("does not have Admin API access"));
    }

    [Theory]
    [InlineData(null, "CalAdmin:PublicBaseUrl is not set")]
    [InlineData("http://127.0.0.1:5249", "is not a public HTTPS address (Only HTTPS URLs are allowed)")]
    [InlineData("https://10.1.2.3", "is not a public HTTPS address (Private IP address)")]
    [InlineData("https://caladmin.example.com", null)]
    public async Task A_public_base_url_Cal_com_cloud_would_refuse_is_warned_about(string? publicBaseUrl, string? warning)
    {
        await using var live = await SandboxedCalAdminFactory.StartAsync(settings: s => s["CalAdmin:PublicBaseUrl"] = publicBaseUrl);

        var result = await live.Get<ConnectionCheck>().RunAsync();

        Assert.True(result.Ok, result.Message);
        if (warning is null) Assert.Empty(result.Warnings);
        else Assert.Contains(warning, Assert.Single(result.Warnings));
    }
}
