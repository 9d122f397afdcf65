using System.Net;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.E2E;

/// <summary>The real CalAdmin on a real Kestrel port and a SQLite file of its own, for Chromium to talk to.</summary>
public sealed class DashboardHost : WebApplicationFactory<CalAdmin.Web.Components.App>
{
    public const string AdminEmail = "admin@e2e.local";
    public const string AdminPassword = "Admin-Passw0rd";
    public const string WebhookSecret = "e2e-webhook-secret-0123456789abcdef";

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("caladmin-e2e-").FullName;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["CalAdmin:Bootstrap:AdminEmail"] = AdminEmail,
        ["CalAdmin:Bootstrap:AdminPassword"] = AdminPassword,
        ["Serilog:WriteTo:1:Name"] = "Console",
        ["CalCom:WebhookSecrets:0"] = WebhookSecret,
        // Browser tests that count bookings must not see the first import arrive mid-test.
        ["CalAdmin:Jobs:RunServer"] = "false",
    };

    /// <summary>Posts a delivery signed as Cal.com signs it.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string body)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/calcom") { Content = content };
        request.Headers.Add("X-Cal-Signature-256", CalAdmin.Web.Integrations.CalCom.Webhooks.WebhookSignature.Sign(bytes, WebhookSecret));
        return await http.SendAsync(request);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The dashboard's clock, and its embedded sandbox's: the test clock (CALADMIN_TEST_CLOCK) unless a test sets its own.</summary>
    public TimeProvider Clock { get; init; } = CalAdmin.Tests.TestClock.Provider;

    public DashboardHost Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(dataDirectory, "caladmin.db")}");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton(Clock));
    }

    public async Task<(string Email, string Password)> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@e2e.local";
        const string password = "Test-Passw0rd";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"E2E {role}" };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return (email, password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}
