using System.Text.Json;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

// Cal.com wraps every answer: {status, data} on success (plus pagination on some lists), {status, error} on failure.

public sealed record CalComResponse<T>(string? Status, T? Data);

public sealed record CalComListResponse<T>(string? Status, IReadOnlyList<T>? Data, CalComPagination? Pagination);

public sealed record CalComPagination(
    int TotalItems,
    int RemainingItems,
    int ReturnedItems,
    int ItemsPerPage,
    int CurrentPage,
    int TotalPages,
    bool HasNextPage,
    bool HasPreviousPage);

public sealed record CalComErrorResponse(string? Status, CalComErrorBody? Error);

/// <summary><c>details</c> has no fixed shape (validation errors, upstream answers), so it stays raw JSON.</summary>
public sealed record CalComErrorBody(string? Code, string? Message, JsonElement? Details);
