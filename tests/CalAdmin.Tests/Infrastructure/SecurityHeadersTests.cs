using System.Net;
using CalAdmin.Tests.Infrastructure;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>Every response carries the browser-side defences, and nothing an anonymous visitor sends turns into a 500.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var anonymous = factory.CreateBrowserClient();
        var admin = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(admin, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);

        var responses = new List<(string What, HttpResponseMessage Response)>();
        foreach (var path in new[] { "/Account/Login", "/", "/health", "/app.css", "/app.js", "/favicon.svg", "/no-such-page" })
            responses.Add(("anonymous " + path, await anonymous.GetAsync(path)));
        foreach (var path in new[] { "/", "/bookings", "/calendar", "/admin/settings", "/admin/webhooks", "/exports/bookings.csv", "/hangfire", "/no-such-page" })
            responses.Add(("admin " + path, await admin.GetAsync(path)));
        responses.Add(("refused webhook", await anonymous.PostAsync("/webhooks/calcom", new StringContent("{}"))));

        foreach (var (what, response) in responses)
        {
            Assert.True((int)response.StatusCode < 500, $"{what}: {response.StatusCode}");
            Assert.True(response.Headers.Contains("Content-Security-Policy") && response.Headers.Contains("X-Content-Type-Options")
                && response.Headers.Contains("Referrer-Policy") && response.Headers.Contains("X-Frame-Options"), $"{what}: {response.Headers}");
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            if (!what.Contains("/hangfire")) Assert.Contains("script-src 'self';", csp);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }
    }

    [Fact]
    public async Task No_anonymous_request_produces_a_server_error()
    {
        var client = factory.CreateBrowserClient();
        var login = await client.GetStringAsync("/Account/Login");
        var token = CalAdminFactory.HiddenInputs(login);

        var requests = new List<HttpRequestMessage>();
        foreach (var path in new[]
                 {
                     "/Account/LoginWith2fa", "/Account/LoginWith2fa?returnUrl=%2F&rememberMe=maybe", "/Account/LoginWithRecoveryCode",
                     "/Account/Lockout", "/Account/AccessDenied", "/Account/InvalidUser", "/Account/Logout",
                     "/Account/Manage/EnableAuthenticator", "/Account/Manage/TwoFactorAuthentication",
                     "/Account/Login?ReturnUrl=http%3A%2F%2Fevil.example%2F", "/Account/Login?ReturnUrl=%2F%2Fevil.example",
                     "/Account/Login?ReturnUrl=%5C%5Cevil.example", "/Account/Login?ReturnUrl=%2F%5Cevil.example",
                     "/bookings?page=999999", "/bookings?page=-1&size=abc", "/reassignments?page=999999", "/preferences/dark-mode",
                 })
            requests.Add(new HttpRequestMessage(HttpMethod.Get, path));
        requests.Add(Form("/Account/Logout", []));
        requests.Add(Form("/Account/Logout", With(token, ("returnUrl", "//evil.example"))));
        requests.Add(Form("/Account/Logout", With(token, ("returnUrl", "http://evil.example/"))));
        requests.Add(Form("/Account/Logout", With(token, ("returnUrl", "\\\\evil.example"))));
        requests.Add(Form("/preferences/dark-mode", With(token, ("dark", "true"), ("returnUrl", "/"))));
        requests.Add(Form("/preferences/dark-mode", []));
        requests.Add(Form("/Account/LoginWith2fa", With(token, ("Input.TwoFactorCode", "123456"))));
        requests.Add(Form("/Account/LoginWithRecoveryCode", With(token, ("Input.RecoveryCode", "abc"))));
        requests.Add(Form("/Account/Login", []));

        foreach (var request in requests)
        {
            var what = $"{request.Method} {request.RequestUri}";
            var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{what}: {response.StatusCode}");
            Assert.DoesNotContain("evil.example", response.Headers.Location?.ToString() ?? "");
        }

        // Signing in with an outside return address lands at home, not there (and not on an error).
        foreach (var returnUrl in new[] { "http://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example" })
        {
            var fresh = factory.CreateBrowserClient();
            var fields = CalAdminFactory.HiddenInputs(await fresh.GetStringAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
            fields["Input.Email"] = CalAdminFactory.AdminEmail;
            fields["Input.Password"] = CalAdminFactory.AdminPassword;
            var response = await fresh.PostAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.DoesNotContain("evil.example", response.Headers.Location!.ToString());
        }
    }

    private static Dictionary<string, string> With(Dictionary<string, string> token, params (string Name, string Value)[] fields)
    {
        var all = new Dictionary<string, string>(token);
        foreach (var (name, value) in fields) all[name] = value;
        return all;
    }

    private static HttpRequestMessage Form(string path, Dictionary<string, string> fields) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
