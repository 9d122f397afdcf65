using Microsoft.Extensions.Options;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// <c>POST /webhooks/calcom</c>: verifies Cal.com's signature, stores the delivery in the inbox, answers 200.
/// Cal.com never retries and treats redirects as failures, so this endpoint is anonymous, never redirected and
/// answers errors with a small problem body (a bare status would be re-executed by the status-code pages).
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/webhooks/calcom";
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapCalComWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(WebhookFloodPolicy.Name)
            .WithName("CalComWebhook");
        return app;
    }

    internal static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, WebhookSecrets secrets, WebhookInbox inbox, WebhookFloodGuard guard, RejectionTally rejections, CancellationToken ct)
    {
        // The header's form first: a post that cannot be signed is refused before a byte of its body is read (the rate
        // limiter already charged it to its address's budget, see WebhookFloodPolicy).
        var signature = request.Headers[WebhookSignature.Header].ToString();
        if (!WebhookSignature.IsWellFormed(signature))
        {
            rejections.Count(WebhookSignature.MalformedReason(signature), WebhookFloodGuard.ClientKey(request.HttpContext));
            return InvalidSignature();
        }
        if (request.ContentLength > MaxBodyBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Deliveries are limited to {MaxBodyBytes / 1024} KB.");
        var body = await ReadLimitedAsync(request.Body, ct);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Deliveries are limited to {MaxBodyBytes / 1024} KB.");

        if (!WebhookSignature.IsValid(body, signature, secrets.Current))
        {
            var client = WebhookFloodGuard.ClientKey(request.HttpContext);
            guard.Charge(client).Dispose();
            rejections.Count("wrong-signature", client);
            return InvalidSignature();
        }

        var version = request.Headers[WebhookSignature.VersionHeader].ToString() is { Length: > 0 } v ? v : null;
        if (request.HasFormContentType)
        {
            await inbox.StoreFailedAsync(body, version, "Form-encoded body: the webhook has a custom payload template.", ct);
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Custom payload template",
                "This webhook sends a custom payload template. Remove the template in Cal.com so it sends Cal.com's JSON payload.");
        }

        if (WebhookEnvelope.TryRead(body, out var error) is not { } envelope)
        {
            await inbox.StoreFailedAsync(body, version, error!, ct);
            return Problem(StatusCodes.Status400BadRequest, "Not a Cal.com delivery", error!);
        }

        var stored = await inbox.StoreAsync(envelope, body, version, ct);
        return TypedResults.Ok(new WebhookAnswer(stored == InboxResult.Stored ? "accepted" : "duplicate"));
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult InvalidSignature() => Problem(StatusCodes.Status401Unauthorized, "Invalid signature",
        "X-Cal-Signature-256 is missing, malformed (64 lowercase hex characters expected) or does not match any configured webhook secret (CalCom:WebhookSecrets).");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}

public sealed record WebhookAnswer(string Status);
