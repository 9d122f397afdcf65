using System.Text.Json;

namespace CalAdmin.Web.Integrations.CalCom.Dtos;

// Cal.com wraps every answer: {status, data} on success (plus pagination on some lists), {status, error} on failure.

public sealed record CalComResponse<T>(string? Status, T? Data);

public sealed record CalComListResponse<T>(string? Status, IReadOnlyList<T>? Data, CalComPagination? Pagination);

/// <summary>
/// Take/skip lists' <c>pagination</c> (Cal.com's PaginationMetaDto). Every figure is computed from a total that may be an
/// estimate or null for team admins (and <c>hasNextPage</c> is <c>skip + take &lt; total</c>), so none is required and
/// none ends paging on its own: a short page does (see CalComClient).
/// </summary>
public sealed record CalComPagination(
    int? TotalItems,
    int? RemainingItems,
    int? ItemsReturned,
    int? ItemsPerPage,
    int? CurrentPage,
    int? TotalPages,
    bool? HasNextPage,
    bool? HasPreviousPage);

/// <summary>A cursor-paged list (the 2026-05-01 bookings list): <c>{status, data, pagination: {nextCursor, hasMore}}</c>.</summary>
public sealed record CalComCursorListResponse<T>(string? Status, IReadOnlyList<T>? Data, CalComCursorPagination? Pagination);

/// <summary><see cref="NextCursor"/> is null and <see cref="HasMore"/> false on the last page.</summary>
public sealed record CalComCursorPagination(string? NextCursor, bool HasMore);

public sealed record CalComErrorResponse(string? Status, CalComErrorBody? Error);

/// <summary><c>details</c> has no fixed shape (validation errors, upstream answers), so it stays raw JSON.</summary>
public sealed record CalComErrorBody(string? Code, string? Message, JsonElement? Details);
