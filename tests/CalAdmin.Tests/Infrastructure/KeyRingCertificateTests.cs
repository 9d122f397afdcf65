using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Tests.Infrastructure;

/// <summary>The Data Protection key ring encrypted at rest with a certificate from CalAdmin:DataProtection.</summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "pfx-Passw0rd-for-tests";
    private readonly string folder = Directory.CreateTempSubdirectory("caladmin-cert-").FullName;

    [Fact]
    public async Task A_protected_key_ring_holds_no_plain_key_and_a_server_without_the_certificate_cannot_use_it()
    {
        var certificate = WritePfx("current.pfx", "CN=CalAdmin key ring test");
        string protectedPayload;
        await using (var first = OnSharedDatabase(WithCertificate(new CalAdminFactory(), certificate)))
        {
            first.CreateClient().Dispose();
            protectedPayload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("an admin's cookie");
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret ", xml);
                Assert.Contains("EncryptedData", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
            Assert.True(first.Services.GetRequiredService<KeyRingProtection>().Protected);
        }

        await using var without = OnSharedDatabase(new CalAdminFactory());
        without.CreateClient().Dispose();

        Assert.ThrowsAny<CryptographicException>(() =>
            without.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload));
        Assert.False(without.Services.GetRequiredService<KeyRingProtection>().Protected);
    }

    [Fact]
    public async Task A_cookie_from_before_a_restart_still_works_with_the_same_certificate_and_not_without_it()
    {
        var certificate = WritePfx("current.pfx", "CN=CalAdmin key ring test");
        var cookies = new CookieContainer();
        await using (var before = OnSharedDatabase(WithCertificate(new CalAdminFactory(), certificate)))
        {
            var signedIn = await CalAdminFactory.SignInAsync(before.CreateDefaultClient(new CookieContainerHandler(cookies)),
                CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        await using (var after = OnSharedDatabase(WithCertificate(new CalAdminFactory(), certificate)))
        {
            var settings = await after.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/admin/settings");
            Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
            Assert.Contains("Encrypted with certificate CN=CalAdmin key ring test", await settings.Content.ReadAsStringAsync());
        }

        await using var stranger = OnSharedDatabase(new CalAdminFactory());
        var refused = await stranger.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/admin/settings");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/Login", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task After_a_rotation_the_previous_certificate_still_reads_the_old_keys()
    {
        var old = WritePfx("old.pfx", "CN=CalAdmin old");
        var cookies = new CookieContainer();
        await using (var before = OnSharedDatabase(WithCertificate(new CalAdminFactory(), old)))
        {
            await CalAdminFactory.SignInAsync(before.CreateDefaultClient(new CookieContainerHandler(cookies)), CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        }

        var current = WritePfx("new.pfx", "CN=CalAdmin new");
        await using var rotated = OnSharedDatabase(WithCertificate(new CalAdminFactory(), current));
        rotated.Settings["CalAdmin:DataProtection:PreviousCertificates:0:Path"] = old;
        rotated.Settings["CalAdmin:DataProtection:PreviousCertificates:0:Password"] = Password;

        var settings = await rotated.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/admin/settings");

        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("1 previous certificate(s)", await settings.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_or_path_stops_startup_naming_the_setting_and_never_the_password()
    {
        var certificate = WritePfx("current.pfx", "CN=CalAdmin key ring test");
        await using var wrongPassword = new CalAdminFactory();
        wrongPassword.Settings["CalAdmin:DataProtection:CertificatePath"] = certificate;
        wrongPassword.Settings["CalAdmin:DataProtection:CertificatePassword"] = "Not-The-Right-One-42";
        await using var wrongPath = new CalAdminFactory();
        wrongPath.Settings["CalAdmin:DataProtection:CertificatePath"] = Path.Combine(folder, "missing.pfx");

        var passwordError = Assert.IsType<InvalidSettingsException>(Assert.ThrowsAny<Exception>(() => wrongPassword.Server).GetBaseException());
        var pathError = Assert.IsType<InvalidSettingsException>(Assert.ThrowsAny<Exception>(() => wrongPath.Server).GetBaseException());

        Assert.Contains("CalAdmin:DataProtection:CertificatePassword", passwordError.Message);
        Assert.DoesNotContain("Not-The-Right-One-42", passwordError.Message);
        Assert.Contains("CalAdmin:DataProtection:CertificatePath: there is no certificate file", pathError.Message);
    }

    [Fact]
    public async Task Production_without_a_certificate_warns_in_the_log_and_on_Settings()
    {
        await using var factory = new WatchingFactory { EnvironmentName = "Production" };
        factory.Settings["CalCom:BaseUrl"] = "http://127.0.0.1:9";
        factory.Settings["CalCom:TeamId"] = "1001";
        factory.Settings["CalCom:ApiKey"] = "cal_live_test_key_not_real";
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        Assert.Equal(HttpStatusCode.Redirect, (await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword)).StatusCode);
        var settings = await client.GetStringAsync("/admin/settings");

        Assert.Contains("data-testid=\"key-ring-warning\"", settings);
        Assert.Contains(factory.Logged, line => line.StartsWith("Warning: The Data Protection key ring is not encrypted at rest"));
    }

    /// <summary>One SQLite file for the hosts of a test, outside any factory's own folder (which goes when it is disposed).</summary>
    private CalAdminFactory OnSharedDatabase(CalAdminFactory factory)
    {
        factory.Settings["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "shared.db")}";
        return factory;
    }

    private CalAdminFactory WithCertificate(CalAdminFactory factory, string pfx)
    {
        factory.Settings["CalAdmin:DataProtection:CertificatePath"] = pfx;
        factory.Settings["CalAdmin:DataProtection:CertificatePassword"] = Password;
        return factory;
    }

    /// <summary>A self-signed RSA certificate with its private key, written as a password-protected .pfx.</summary>
    private string WritePfx(string name, string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private sealed class WatchingFactory : CalAdminFactory
    {
        public ConcurrentQueue<string> Logged { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<ILogger<KeyRingProtection>>(new KeepingLogger(Logged)));
        }

        private sealed class KeepingLogger(ConcurrentQueue<string> lines) : ILogger<KeyRingProtection>
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
