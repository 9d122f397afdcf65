using Bunit;
using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CalAdmin.Tests.Components;

public sealed class NavigationTests : BunitContext, IAsyncLifetime
{
    public NavigationTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(Roles.Staff, new[] { "Home" }, new[] { "Users", "Settings" })]
    [InlineData(Roles.Manager, new[] { "Home" }, new[] { "Users", "Settings" })]
    [InlineData(Roles.Admin, new[] { "Home", "Users", "Settings" }, new string[0])]
    public void Navigation_lists_only_what_the_role_may_open(string role, string[] shown, string[] hidden)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);

        var nav = Render<NavMenu>();

        var titles = nav.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        foreach (var title in shown) Assert.Contains(title, titles);
        foreach (var title in hidden) Assert.DoesNotContain(title, titles);
    }

    [Fact]
    public void Each_entry_has_its_icon_drawn_as_MudIcon_draws_it_without_a_component_per_entry()
    {
        // Issue 16 (memory per open page): the menu is one component; its icons are markup, not a MudIcon each.
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Admin);

        var nav = Render<NavMenu>();

        var links = nav.FindAll(".mud-nav-link");
        Assert.Equal(NavItems.All.Count, links.Count);
        foreach (var link in links)
        {
            var icon = link.QuerySelector("svg.mud-icon-root.mud-svg-icon.mud-nav-link-icon");
            Assert.NotNull(icon);
            Assert.Equal("true", icon!.GetAttribute("aria-hidden"));
            Assert.NotNull(icon.QuerySelector("path"));
        }
        Assert.Empty(nav.FindComponents<MudBlazor.MudIcon>());
    }

    [Fact]
    public void Anonymous_users_see_no_navigation()
    {
        AddAuthorization();

        var nav = Render<NavMenu>();

        Assert.Empty(nav.FindAll(".mud-nav-link"));
    }

    [Fact]
    public void The_entry_of_the_open_page_is_marked_and_follows_navigation()
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Admin);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/bookings/abc123");

        var nav = Render<NavMenu>();
        string[] Active() => nav.FindAll(".mud-nav-link.active").Select(a => a.TextContent.Trim()).ToArray();

        Assert.Equal(["Bookings"], Active());
        Assert.Equal("page", nav.Find(".mud-nav-link.active").GetAttribute("aria-current"));
        navigation.NavigateTo("/");
        nav.WaitForAssertion(() => Assert.Equal(["Home"], Active()));
        navigation.NavigateTo("/admin/settings");
        nav.WaitForAssertion(() => Assert.Equal(["Settings"], Active()));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
