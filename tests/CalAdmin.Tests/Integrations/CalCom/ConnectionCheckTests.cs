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
}
