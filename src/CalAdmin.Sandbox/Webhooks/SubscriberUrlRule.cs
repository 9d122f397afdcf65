using System.Net;
using System.Net.Sockets;

namespace CalAdmin.Sandbox.Webhooks;

/// <summary>
/// Cal.com cloud's SSRF rule for subscriber URLs (validateUrlForSSRFSync in @calcom/lib's ssrf protection, called by
/// apps/api/v2/src/modules/webhooks/utils/validate-webhook-url.ts): HTTPS only, no localhost or metadata host names,
/// no private, loopback or link-local IP literals. Its message: "Webhook URL is not allowed: {reason}".
/// </summary>
public static class SubscriberUrlRule
{
    private static readonly string[] BlockedHostnames =
        ["localhost", "169.254.169.254", "169.254.169.253", "metadata.google.internal", "metadata.google.com"];

    /// <summary>Null when the URL is allowed, else Cal.com's reason.</summary>
    public static string? Refusal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "Invalid URL format";
        if (uri.Scheme != Uri.UriSchemeHttps) return "Only HTTPS URLs are allowed";
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (BlockedHostnames.Contains(host)) return "Blocked hostname";
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsPrivate(ip) ? "Private IP address" : null;
    }

    public static bool IsPrivate(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return b[0] is 127 or 10 or 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }
        var bytes = ip.GetAddressBytes();
        return IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.IPv6None) || (bytes[0] & 0xFE) == 0xFC || ip.IsIPv6LinkLocal
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8);
    }
}
