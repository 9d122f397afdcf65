using System.Diagnostics;

namespace CalAdmin.Web.Integrations.CalCom.Handlers;

/// <summary>
/// One line per attempt with method, path and status: no query string (it can hold attendee emails), no headers
/// (the key), no bodies (personal data). The default HttpClient loggers are removed for this client.
/// </summary>
public sealed class CalComLoggingHandler(ILogger<CalComLoggingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Cal.com {Method} {Path} answered {Status} in {ElapsedMs} ms",
                request.Method.Method, path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Cal.com {Method} {Path} failed after {ElapsedMs} ms: {Reason}",
                request.Method.Method, path, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            throw;
        }
    }
}
