using System.Globalization;
using System.Net;
using System.Text.Json;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>Turns what Refit, HttpClient and Polly throw into one <see cref="CalComException"/>.</summary>
internal static class CalComFailures
{
    public static CalComException From(Exception exception, string operation, Uri baseUrl, double totalTimeoutSeconds)
    {
        // Refit wraps whatever HttpClient.SendAsync threw (network errors, Polly's rejections).
        var cause = exception is ApiRequestException { InnerException: { } inner } ? inner : exception;

        return cause switch
        {
            ApiException api => FromAnswer(api, operation),
            TimeoutRejectedException timeout => new CalComException(
                $"Cal.com did not answer within {Seconds(timeout.Timeout.TotalSeconds)} s", operation, innerException: cause),
            OperationCanceledException => new CalComException(
                $"Cal.com did not answer within {Seconds(totalTimeoutSeconds)} s", operation, innerException: cause),
            BrokenCircuitException broken => new CalComException(
                $"Cal.com failed repeatedly; CalAdmin pauses its calls{(broken.RetryAfter is { } after ? $" for {Seconds(after.TotalSeconds)} s" : "")}",
                operation, innerException: cause),
            HttpRequestException network => new CalComException(
                $"Cal.com could not be reached at {baseUrl}: {network.Message}", operation, innerException: cause),
            JsonException => new CalComException(
                "Cal.com answered in a form CalAdmin could not read", operation, innerException: cause),
            _ => new CalComException($"Cal.com call failed: {cause.Message}", operation, innerException: cause),
        };
    }

    private static CalComException FromAnswer(ApiException api, string operation)
    {
        var error = ReadError(api.Content);
        var detail = error?.Message ?? api.ReasonPhrase ?? api.StatusCode.ToString();
        var message = api.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "Cal.com rejected the API key",
            HttpStatusCode.Forbidden => $"Cal.com refused access: {detail}",
            HttpStatusCode.NotFound => $"Cal.com did not find it: {detail}",
            HttpStatusCode.TooManyRequests => "Cal.com's rate limit is exhausted; try again in a minute",
            >= HttpStatusCode.InternalServerError => $"Cal.com failed ({(int)api.StatusCode}): {detail}",
            _ when (int)api.StatusCode is >= 200 and < 300 => "Cal.com answered in a form CalAdmin could not read",
            _ => $"Cal.com refused the request ({(int)api.StatusCode}): {detail}",
        };
        return new CalComException(message, operation, api.StatusCode, error?.Code, error?.Message, api);
    }

    private static CalComErrorBody? ReadError(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            return JsonSerializer.Deserialize(content, CalComJsonContext.Default.CalComErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null; // A proxy's HTML error page, for example.
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture);
}
