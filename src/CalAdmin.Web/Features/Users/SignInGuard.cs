using System.Collections.Concurrent;
using CalAdmin.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Users;

/// <summary>
/// Lockout per account and client address. Identity's own lockout is per account, so anyone who knows a staff
/// member's email could keep them locked out all day from anywhere; here a stranger's failures lock only the
/// stranger's address out of that account, while the per-address rate limit (<see cref="SignInRateLimit"/>) caps
/// how fast any one address may guess across accounts. The key carries the account's security stamp, so an admin's
/// password reset (which changes the stamp) lifts the lockout at once. In memory: a restart forgets it, as it
/// forgets the rate limiter's windows.
/// </summary>
public sealed class SignInGuard(IOptions<CalAdminOptions> options, TimeProvider clock, ILogger<SignInGuard> logger)
{
    private readonly ConcurrentDictionary<string, Failures> failures = new();

    private sealed record Failures(int Count, DateTimeOffset Until);

    /// <summary>The key of one account (known or not: unknown ones lock out the same way) from one address.</summary>
    public static string Key(string account, string? securityStamp, HttpContext http) =>
        $"{account.Trim().ToUpperInvariant()}|{securityStamp}|{Address(http)}";

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public bool IsLockedOut(string key) =>
        failures.TryGetValue(key, out var f) && f.Count >= options.Value.SignIn.MaxFailedAttempts && f.Until > clock.GetUtcNow();

    /// <summary>Counts a failure and logs it (address and account, never what was typed as the password or code).</summary>
    public void Fail(string key, string account, string step, string reason, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.SignIn.LockoutMinutes);
        var after = failures.AddOrUpdate(key, _ => new Failures(1, now + window),
            (_, f) => f.Until <= now ? new Failures(1, now + window) : new Failures(f.Count + 1, now + window));
        logger.LogWarning("Failed sign-in ({Step}) for account {Account} from {Address}: {Reason}; {Count} in a row",
            step, account, Address(http), reason, after.Count);
        if (failures.Count > 10_000) Prune(now);
    }

    public void Succeed(string key) => failures.TryRemove(key, out _);

    private static readonly ApplicationUser NoOne = new() { UserName = "no-one" };
    private static string? noOnesHash;

    /// <summary>
    /// The answer for an account that does not exist, after checking the typed password against a made-up hash: an
    /// unknown email then costs the same key derivation as a known one, so the response time tells no one who has an account.
    /// </summary>
    public static Microsoft.AspNetCore.Identity.SignInResult FailUnknownAccount(IPasswordHasher<ApplicationUser> hasher, string typed)
    {
        var hash = noOnesHash ??= hasher.HashPassword(NoOne, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(NoOne, hash, typed);
        return Microsoft.AspNetCore.Identity.SignInResult.Failed;
    }

    // A flood of made-up accounts must not grow the table without end.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, f) in failures)
            if (f.Until <= now) failures.TryRemove(key, out _);
    }
}
