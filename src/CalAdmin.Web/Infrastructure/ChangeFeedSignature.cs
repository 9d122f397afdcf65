using System.Security.Cryptography;
using System.Text;

namespace CalAdmin.Web.Infrastructure;

/// <summary>
/// HMAC-SHA256 over each change-feed message with <c>CalAdmin:ChangeFeed:SigningKey</c>, which every server of an
/// installation shares: whoever can publish on the Redis channel but does not hold the key cannot make pages refresh or
/// show a notice. On the wire: <c>v1.&lt;64 hex digits&gt;.&lt;json&gt;</c>.
/// </summary>
public sealed class ChangeFeedSignature
{
    public const int MinimumKeyLength = 32;
    /// <summary>A real notice is a topic, some ids and a line of text; anything bigger is not CalAdmin's.</summary>
    public const int MaxMessageBytes = 64 * 1024;
    private const string Version = "v1.";
    private const int HexLength = 64;

    private readonly byte[] key;

    public ChangeFeedSignature(string signingKey)
    {
        if (signingKey.Length < MinimumKeyLength)
            throw new ArgumentException($"The change-feed signing key must be at least {MinimumKeyLength} characters.", nameof(signingKey));
        key = Encoding.UTF8.GetBytes(signingKey);
    }

    public string Sign(string json) => Version + Convert.ToHexStringLower(Mac(json)) + "." + json;

    /// <summary>The signed JSON, or null with the reason the message is refused (never the message itself).</summary>
    public string? Verify(byte[] message, out string? refused)
    {
        refused = null;
        if (message.Length > MaxMessageBytes)
        {
            refused = "oversized";
            return null;
        }
        var text = Encoding.UTF8.GetString(message);
        if (!text.StartsWith(Version, StringComparison.Ordinal) || text.Length < Version.Length + HexLength + 1 || text[Version.Length + HexLength] != '.')
        {
            refused = "unsigned";
            return null;
        }
        var json = text[(Version.Length + HexLength + 1)..];
        byte[] claimed;
        try { claimed = Convert.FromHexString(text.AsSpan(Version.Length, HexLength)); }
        catch (FormatException)
        {
            refused = "unsigned";
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(claimed, Mac(json)))
        {
            refused = "bad signature";
            return null;
        }
        return json;
    }

    private byte[] Mac(string json) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(json));
}
