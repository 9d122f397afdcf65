using System.Net;
using Bunit;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Features.Users;
using MudBlazor.Services;

namespace CalAdmin.Tests.Staff;

/// <summary>Who may open which of the staff, mapping, host and audit pages, over HTTP through the real sign-in.</summary>
public sealed class StaffAccessTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    [Theory]
    [InlineData(Roles.Admin, new[] { "/hosts", "/staff", "/staff/import", "/mappings", "/audit", "/exports/staff.csv" }, new string[0])]
    [InlineData(Roles.Manager, new[] { "/hosts", "/staff", "/audit" }, new[] { "/staff/import", "/mappings", "/exports/staff.csv" })]
    [InlineData(Roles.Staff, new[] { "/hosts" }, new[] { "/staff", "/staff/import", "/mappings", "/audit", "/exports/staff.csv" })]
    public async Task Each_role_opens_its_pages_and_is_sent_to_access_denied_for_the_others(string role, string[] allowed, string[] refused)
    {
        await StaffTestData.SeedHealthSetAsync(factory.Services);
        var (email, password) = await factory.CreateUserAsync(role);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        foreach (var path in allowed)
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, $"{role} should open {path}");
        foreach (var path in refused)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied"),
                $"{role} should be refused {path}, got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_host_detail_page_prerenders_for_staff()
    {
        await StaffTestData.SeedHealthSetAsync(factory.Services);
        var (email, password) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        var html = await client.GetStringAsync("/hosts/1");

        Assert.Contains("Alice Archer", html);
        Assert.Contains("Mapping history", html);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}

public sealed class StaffNavigationTests : BunitContext, IAsyncLifetime
{
    public StaffNavigationTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(Roles.Staff, new[] { "Hosts" }, new[] { "Staff", "Mappings", "Audit" })]
    [InlineData(Roles.Manager, new[] { "Hosts", "Staff", "Audit" }, new[] { "Mappings" })]
    [InlineData(Roles.Admin, new[] { "Hosts", "Staff", "Mappings", "Audit" }, new string[0])]
    public void Navigation_shows_hosts_to_all_and_staff_mappings_audit_by_role(string role, string[] shown, string[] hidden)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);

        var titles = Render<NavMenu>().FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();

        foreach (var title in shown) Assert.Contains(title, titles);
        foreach (var title in hidden) Assert.DoesNotContain(title, titles);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
