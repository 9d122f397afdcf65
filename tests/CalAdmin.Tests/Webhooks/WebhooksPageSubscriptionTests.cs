using Bunit;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Webhooks;

/// <summary>Admin → Webhooks renders subscription health as the real feature classes report it from the sandbox.</summary>
public sealed class WebhooksPageSubscriptionTests : BunitContext, IAsyncLifetime
{
    private SandboxedCalAdminFactory live = null!;

    public async Task InitializeAsync()
    {
        live = await SandboxedCalAdminFactory.StartAsync(o => o.WebhookTriggers = "Legacy2025");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(live.Services.GetRequiredService<IOptions<CalAdminOptions>>());
        Services.AddSingleton(live.Services.GetRequiredService<IChangeFeed>());
        Services.AddScoped(_ => live.Get<DeliveryLog>());
        Services.AddScoped(_ => live.Get<WebhookSubscriptions>());
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles(Roles.Admin);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await live.DisposeAsync();
    }

    [Fact]
    public async Task The_page_names_the_trigger_this_Cal_com_lacks_and_why_after_creating_the_others()
    {
        Render<MudPopoverProvider>();
        var cut = Render<WebhooksPage>();

        cut.Find("[data-testid=check-subscriptions]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=create-missing]")), TimeSpan.FromSeconds(20));
        Assert.Contains("Missing", cut.Find("[data-testid=subscriptions]").TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=create-missing]").Click());
        cut.WaitForAssertion(() =>
        {
            var cells = cut.FindAll("[data-testid=missing-triggers]");
            Assert.Equal(live.TeamEventTypeIds().Count, cells.Count);
            Assert.All(cells, c => Assert.Contains("BOOKING_REASSIGNED: this Cal.com does not know BOOKING_REASSIGNED: host changes made in Cal.com arrive through reconciliation instead", c.TextContent));
        }, TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=create-missing]"));
        Assert.Contains("All this Cal.com offers", cut.Find("[data-testid=subscriptions]").TextContent);
    }
}
