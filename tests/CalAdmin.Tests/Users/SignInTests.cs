using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Users;

namespace CalAdmin.Tests.Users;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    [Fact]
    public async Task Anonymous_home_redirects_to_the_login_form()
    {
        var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery.Replace("http://localhost", ""));
        var login = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("name=\"Input.Email\"", login);
        Assert.Contains("name=\"Input.Password\"", login);
        Assert.Contains("name=\"__RequestVerificationToken\"", login);
    }

    [Fact]
    public async Task Bootstrap_admin_signs_in_and_reaches_the_home_page_and_user_admin()
    {
        var client = factory.CreateBrowserClient();

        var signIn = await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Bookings today", await home.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Staff_user_is_refused_the_user_admin_page()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, email, password);

        var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_a_clear_message_and_locks_out_after_the_configured_count()
    {
        var (email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateBrowserClient();

        var first = await CalAdminFactory.SignInAsync(client, email, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Wrong email or password", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        // MaxFailedAttempts is 3 in the test settings: the third failure locks the account.
        await CalAdminFactory.SignInAsync(client, email, "not-the-password");
        var third = await CalAdminFactory.SignInAsync(client, email, "not-the-password");
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.EndsWith("/Account/Lockout", third.Headers.Location!.ToString());

        // Even the right password is refused while locked out.
        var right = await CalAdminFactory.SignInAsync(client, email, "Test-Passw0rd");
        Assert.EndsWith("/Account/Lockout", right.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Health_is_anonymous_and_reports_the_database()
    {
        var response = await factory.CreateBrowserClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":\"Healthy\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_503_when_the_database_is_gone()
    {
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // Pointing the live host at an unreadable file is what a broken disk or a missing volume looks like.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(factory.DatabasePath);
        Directory.CreateDirectory(factory.DatabasePath);

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
