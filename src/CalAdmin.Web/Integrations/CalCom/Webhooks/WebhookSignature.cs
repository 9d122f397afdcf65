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
