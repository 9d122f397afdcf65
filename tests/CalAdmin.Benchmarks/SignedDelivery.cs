using System.Net.Http.Headers;
using System.Text;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Benchmarks;

/// <summary>A delivery as Cal.com posts it: JSON, signed with the benchmark's secret, with Cal.com's version header.</summary>
public static class SignedDelivery
{
    public const string Secret = "benchmark-webhook-secret-0123456789abcdef";

    public static HttpRequestMessage Request(Uri url, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(bytes, Secret));
        request.Headers.Add(WebhookSignature.VersionHeader, "2021-10-20");
        return request;
    }
}
