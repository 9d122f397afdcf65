using System.Net;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>
/// Every failure of a Cal.com call, as the rest of CalAdmin sees it. <see cref="Exception.Message"/> is fit to show
/// to an administrator; it never contains the API key.
/// </summary>
public sealed class CalComException(
    string message,
    string operation,
    HttpStatusCode? statusCode = null,
    string? calComCode = null,
    string? calComMessage = null,
    Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>Null when Cal.com gave no answer: unreachable, timed out, circuit open.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>What CalAdmin tried, e.g. "cancel booking".</summary>
    public string Operation { get; } = operation;

    /// <summary><c>error.code</c> of Cal.com's error envelope, e.g. NOT_FOUND.</summary>
    public string? CalComCode { get; } = calComCode;

    /// <summary><c>error.message</c> of Cal.com's error envelope.</summary>
    public string? CalComMessage { get; } = calComMessage;
}
