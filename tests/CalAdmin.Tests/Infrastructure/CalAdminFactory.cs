using System.Net;
using System.Text.RegularExpressions;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>
/// The real CalAdmin host on a fresh SQLite file of its own. Settings go in through <see cref="Settings"/> before the
/// first client is created; the bootstrap admin below is always present.
/// </summary>
public class CalAdminFactory : WebApplicationFactory<CalAdmin.Web.Components.App>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Passw0rd";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("caladmin-test-").FullName;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["CalAdmin:Bootstrap:AdminEmail"] = AdminEmail,
        ["CalAdmin:Bootstrap:AdminPassword"] = AdminPassword,
        ["CalAdmin:SignIn:MaxFailedAttempts"] = "3",
        ["Serilog:WriteTo:1:Name"] = "Console",
        // Tests that want the sync and import jobs switch the job server on; elsewhere they would change the data under test.
        ["CalAdmin:Jobs:RunServer"] = "false",
    };

    public string DatabasePath => Path.Combine(DataDirectory, "caladmin.db");

    /// <summary>The host environment (Production and Development change what starts up); set before the first client.</summary>
    public string EnvironmentName { get; set; } = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        // The test clock (CALADMIN_TEST_CLOCK) for the app and its embedded sandbox.
        builder.ConfigureTestServices(services => services.AddSingleton(TestClock.Provider));
    }

    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a user with the given role straight through Identity (as an admin would on /admin/users).</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        const string password = "Test-Passw0rd";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role + " user" };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return (email, password);
    }

    /// <summary>Signs in through the real Identity form (antiforgery token and all); returns the final response of the POST.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var fields = HiddenInputs(form);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
    }

    public static Dictionary<string, string> HiddenInputs(string html) =>
        Regex.Matches(html, "<input[^>]*type=\"hidden\"[^>]*>")
            .Select(m => (Name: Attr(m.Value, "name"), Value: Attr(m.Value, "value")))
            .Where(x => x.Name is not null)
            .GroupBy(x => x.Name!)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Value ?? ""));

    private static string? Attr(string tag, string name) =>
        Regex.Match(tag, $"{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
