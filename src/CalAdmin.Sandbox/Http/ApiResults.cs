using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CalAdmin.Sandbox.Http;

/// <summary>Cal.com's response envelopes: <c>{status:"success",data}</c> and <c>{status:"error",timestamp,path,error}</c>.</summary>
internal static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Node writes non-ASCII names as UTF-8, not \u escapes; clients comparing raw bodies should see the same.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Success(object? data, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(new { status = "success", data }, Json, statusCode: statusCode);

    public static IResult Paged(object data, object pagination) =>
        TypedResults.Json(new { status = "success", data, pagination }, Json);

    public static IResult Error(HttpContext http, int statusCode, string message, object? details = null) =>
        TypedResults.Json(ErrorBody(http, statusCode, message, details), Json, statusCode: statusCode);

    /// <summary>Cal.com's HttpExceptionFilter shape: code and message only (e.g. a failed trigger enum check).</summary>
    public static IResult ErrorWithoutDetails(HttpContext http, int statusCode, string message) =>
        TypedResults.Json(new
        {
            status = "error",
            timestamp = Iso(DateTimeOffset.UtcNow),
            path = http.Request.Path.Value + http.Request.QueryString.Value,
            error = new { code = ExceptionName(statusCode), message },
        }, Json, statusCode: statusCode);

    public static object ErrorBody(HttpContext http, int statusCode, string message, object? details = null) => new
    {
        status = "error",
        timestamp = Iso(DateTimeOffset.UtcNow),
        path = http.Request.Path.Value + http.Request.QueryString.Value,
        error = new { code = ExceptionName(statusCode), message, details = details ?? new { message, error = ReasonPhrase(statusCode), statusCode } },
    };

    public static IResult BadRequest(HttpContext http, string message) => Error(http, StatusCodes.Status400BadRequest, message);
    public static IResult NotFound(HttpContext http, string message) => Error(http, StatusCodes.Status404NotFound, message);

    /// <summary>Cal.com names the NestJS exception class as the error code.</summary>
    private static string ExceptionName(int statusCode) => statusCode switch
    {
        400 => "BadRequestException",
        401 => "UnauthorizedException",
        403 => "ForbiddenException",
        404 => "NotFoundException",
        409 => "ConflictException",
        429 => "ThrottlerException",
        _ => "InternalServerErrorException",
    };

    private static string ReasonPhrase(int statusCode) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode);

    /// <summary>Cal.com's timestamp format: UTC with milliseconds and a Z.</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}

/// <summary>The <c>pagination</c> object of list endpoints (PaginationMetaDto).</summary>
internal sealed record Pagination(int TotalItems, int RemainingItems, int ReturnedItems, int ItemsPerPage, int CurrentPage,
    int TotalPages, bool HasNextPage, bool HasPreviousPage)
{
    public static Pagination Of(int total, int skip, int take, int returned) => new(
        total, Math.Max(0, total - skip - returned), returned, take,
        take == 0 ? 1 : skip / take + 1, take == 0 ? 0 : (total + take - 1) / take,
        skip + returned < total, skip > 0);
}

/// <summary>take/skip query parameters with Cal.com's limits.</summary>
internal readonly record struct Paging(int Take, int Skip)
{
    public const int MaxTake = 250;

    public static bool TryRead(HttpContext http, int defaultTake, out Paging paging, out IResult? error)
    {
        paging = default;
        error = null;
        var take = defaultTake;
        var skip = 0;
        var query = http.Request.Query;
        if (query.TryGetValue("take", out var t) && (!int.TryParse(t, out take) || take < 1))
            error = ApiResults.BadRequest(http, "take must be a positive integer");
        else if (take > MaxTake)
            error = ApiResults.BadRequest(http, $"take must not be greater than {MaxTake}");
        else if (query.TryGetValue("skip", out var s) && (!int.TryParse(s, out skip) || skip < 0))
            error = ApiResults.BadRequest(http, "skip must not be less than 0");
        paging = new Paging(take, skip);
        return error is null;
    }
}
