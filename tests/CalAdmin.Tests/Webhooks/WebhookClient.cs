using System.Net.Http.Headers;
using System.Text;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Tests.Webhooks;

/// <summary>Sends deliveries the way Cal.com does: the exact bytes, signed with the subscriber's secret.</summary>
public static class WebhookClient
{
    public const string Secret = "test-webhook-secret-1-0123456789abcdef";

    public static HttpRequestMessage Signed(string body, string secret = Secret, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(bytes, secret));
        request.Headers.Add(WebhookSignature.VersionHeader, "2021-10-20");
        return request;
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, string body, string secret = Secret) =>
        client.SendAsync(Signed(body, secret));
}
