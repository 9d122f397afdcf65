using System.Collections.Concurrent;
using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Users;

/// <summary>An unknown email costs the same password check as a known one, so timing does not tell who has an account.</summary>
public sealed class SignInTimingTests : IAsyncLifetime
{
    private readonly HasherWatchingFactory factory = new();

    [Fact]
    public async Task An_unknown_account_has_its_typed_password_checked_like_a_known_one()
    {
        var client = factory.CreateBrowserClient();

        var unknown = await CalAdminFactory.SignInAsync(client, "nobody-at-all@test.local", "Typed-For-Nobody-1");
        var known = await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, "Typed-For-Admin-2");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("Typed-For-Nobody-1", factory.Verified);
        Assert.Contains("Typed-For-Admin-2", factory.Verified);
        Assert.Equal(1, factory.Verified.Count(p => p == "Typed-For-Nobody-1"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private sealed class HasherWatchingFactory : CalAdminFactory
    {
        public ConcurrentQueue<string> Verified { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(new WatchingHasher(Verified)));
        }
    }

    private sealed class WatchingHasher(ConcurrentQueue<string> verified) : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> real = new();

        public string HashPassword(ApplicationUser user, string password) => real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            verified.Enqueue(providedPassword);
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
