using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CalAdmin.Web.Integrations.CalCom.Webhooks;

/// <summary>Cal.com's <c>X-Cal-Signature-256</c>: lowercase hex HMAC-SHA256 of the exact body with the webhook's secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Cal-Signature-256";
    public const string VersionHeader = "X-Cal-Webhook-Version";
    /// <summary>What Cal.com sends when the webhook has no secret: never accepted.</summary>
    public const string NoSecret = "no-secret-provided";

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// The header's form alone (64 lowercase hex characters, as Cal.com writes it): checked before the body is read,
    /// so a request that cannot be signed costs no body read. <see cref="NoSecret"/> is not well-formed: never accepted.
    /// </summary>
    public static bool IsWellFormed(string? signature) =>
        signature is { Length: 64 } && signature.AsSpan().IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>Why a header that is not <see cref="IsWellFormed"/> was refused, as counted on /admin/webhooks.</summary>
    public static string MalformedReason(string? signature) =>
        string.IsNullOrEmpty(signature) ? "missing-signature" : signature == NoSecret ? "no-secret-provided" : "malformed-signature";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="signature"/> matches the body under any of <paramref name="secrets"/> (rotation), compared in constant time.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? signature, IEnumerable<string> secrets)
    {
        if (string.IsNullOrEmpty(signature) || signature == NoSecret || signature.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;

        Span<byte> expected = stackalloc byte[32];
        var valid = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret)) continue;
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
            // Every secret is checked, so the time taken does not tell which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        return valid;
    }
}
