using System.Net;
using System.Text.RegularExpressions;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Users;

/// <summary>The sign-in form as an attacker meets it: rate limited, saying nothing about accounts, logged, and 2FA enforced.</summary>
public sealed class SignInHardeningTests : IAsyncLifetime
{
    private readonly AddressedFactory factory = new();

    [Fact]
    public async Task Posts_beyond_the_per_address_limit_get_429_with_retry_after_and_another_address_is_unaffected()
    {
        factory.Settings["CalAdmin:SignIn:AttemptsPerMinute"] = "3";
        var attacker = factory.ClientFrom("203.0.113.7");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await CalAdminFactory.SignInAsync(attacker, $"nobody{i}@test.local", "guess-" + i)).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var refused = await CalAdminFactory.SignInAsync(attacker, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        // Showing the form is not limited, and the admin at another address signs in.
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/Account/Login")).StatusCode);
        var admin = await CalAdminFactory.SignInAsync(factory.ClientFrom("198.51.100.2"), CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_unknown_account_and_disabled_account_get_the_same_answer_and_are_logged_without_the_password()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Staff);
        var (disabled, disabledPassword) = await factory.CreateUserAsync(Roles.Staff);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(disabled))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }
        var client = factory.ClientFrom("203.0.113.8");

        var answers = new List<string>();
        foreach (var (account, typed) in new[] { (email, "Wrong-Passw0rd-1"), ("nobody@test.local", "Wrong-Passw0rd-2"), (disabled, disabledPassword) })
        {
            var response = await CalAdminFactory.SignInAsync(client, account, typed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(ErrorOf(await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal("Error: Wrong email or password.", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        var log = string.Join("\n", factory.Logged);
        foreach (var account in new[] { email, "nobody@test.local", disabled })
            Assert.Contains($"Warning: Failed sign-in (password) for account {account} from 203.0.113.8", log);
        Assert.DoesNotContain("Wrong-Passw0rd", log);
        Assert.DoesNotContain(disabledPassword, log);
        Assert.DoesNotContain(password, log);
    }

    [Fact]
    public async Task A_strangers_failures_lock_out_only_the_strangers_address()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Staff);
        var stranger = factory.ClientFrom("203.0.113.9");

        // MaxFailedAttempts is 3 in the test settings.
        for (var i = 0; i < 3; i++) await CalAdminFactory.SignInAsync(stranger, email, "not-the-password");

        var strangerWithThePassword = await CalAdminFactory.SignInAsync(stranger, email, password);
        Assert.EndsWith("/Account/Lockout", strangerWithThePassword.Headers.Location!.ToString());
        var owner = await CalAdminFactory.SignInAsync(factory.ClientFrom("198.51.100.3"), email, password);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.DoesNotContain("Lockout", owner.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Require_two_factor_sends_an_admin_without_it_to_enrolment_and_lets_them_nowhere_else()
    {
        factory.Settings["CalAdmin:SignIn:RequireTwoFactor:0"] = Roles.Admin;
        var admin = factory.ClientFrom("198.51.100.4");
        Assert.Equal(HttpStatusCode.Redirect, (await CalAdminFactory.SignInAsync(admin, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword)).StatusCode);

        foreach (var page in new[] { "/", "/admin/users", "/bookings", "/admin/settings" })
        {
            var response = await admin.SendAsync(PageRequest(page));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(TwoFactorRequirement.EnrolmentPath, response.Headers.Location!.OriginalString);
        }
        foreach (var other in new[] { "/exports/bookings.csv", "/exports/reassignments.csv", "/hangfire" })
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(other)).StatusCode);
        // No circuit either, so no interactive page.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(PageRequest(TwoFactorRequirement.EnrolmentPath))).StatusCode);

        // A staff member (not in a listed role) is not held up.
        var (staffEmail, staffPassword) = await factory.CreateUserAsync(Roles.Staff);
        var staff = factory.ClientFrom("198.51.100.5");
        await CalAdminFactory.SignInAsync(staff, staffEmail, staffPassword);
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(PageRequest("/"))).StatusCode);

        // Once enrolled, the admin's same session opens up.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(CalAdminFactory.AdminEmail))!, true);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(PageRequest("/"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/exports/bookings.csv")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_is_stopped_at_the_two_factor_step_too()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Staff);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var client = factory.ClientFrom("198.51.100.6");
        var signIn = await CalAdminFactory.SignInAsync(client, email, password);
        Assert.Contains("/Account/LoginWith2fa", signIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(signIn.Headers.Location)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }

        foreach (var step in new[] { signIn.Headers.Location!.ToString(), "/Account/LoginWithRecoveryCode" })
        {
            var response = await client.GetAsync(step);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.EndsWith("/Account/Login", response.Headers.Location!.ToString());
        }
    }

    private static HttpRequestMessage PageRequest(string path) =>
        new(HttpMethod.Get, path) { Headers = { { "Accept", "text/html" } } };

    private static string ErrorOf(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, @"(Error:[^<]*)<").Groups[1].Value.Trim());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>
    /// The test host with a client address per HttpClient (TestServer has none), as a proxy would forward it, and
    /// every line SignInGuard logs kept. (Serilog's sinks are per process in tests: its factory writes to the static
    /// logger, which the last host started owns, so the guard's own logger is the reliable place to listen.)
    /// </summary>
    private sealed class AddressedFactory : CalAdminFactory
    {
        private const string AddressHeader = "X-Test-Client-Address";

        public System.Collections.Concurrent.ConcurrentQueue<string> Logged { get; } = new();

        public HttpClient ClientFrom(string address)
        {
            var client = CreateBrowserClient();
            client.DefaultRequestHeaders.Add(AddressHeader, address);
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s
                .AddSingleton<IStartupFilter>(new ClientAddressFilter())
                .AddSingleton<Microsoft.Extensions.Logging.ILogger<SignInGuard>>(new KeepingLogger(Logged)));
        }

        private sealed class KeepingLogger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger<SignInGuard>
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
                Exception? exception, Func<TState, Exception?, string> formatter) => lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }

        private sealed class ClientAddressFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((http, inner) =>
                {
                    if (http.Request.Headers.TryGetValue(AddressHeader, out var address))
                        http.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                    return inner(http);
                });
                next(app);
            };
        }
    }
}
