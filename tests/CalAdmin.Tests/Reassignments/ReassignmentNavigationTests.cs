using Bunit;
using CalAdmin.Web.Components.Layout;
using CalAdmin.Web.Features.Users;
using MudBlazor.Services;

namespace CalAdmin.Tests.Reassignments;

public sealed class ReassignmentNavigationTests : BunitContext, IAsyncLifetime
{
    public ReassignmentNavigationTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Staff, false)]
    public void Reassignments_are_in_the_navigation_of_managers_and_admins(string role, bool shown)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);

        var nav = Render<NavMenu>();

        var link = nav.FindAll(".mud-nav-link").SingleOrDefault(a => a.TextContent.Trim() == "Reassignments");
        Assert.Equal(shown, link is not null);
        if (shown) Assert.Equal("/reassignments", link!.GetAttribute("href"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
