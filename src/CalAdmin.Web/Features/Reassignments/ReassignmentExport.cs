using System.Globalization;
using System.Security.Claims;
using System.Text;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Features.Reassignments;

/// <summary>
/// <c>GET /exports/reassignments.csv</c>: the history's current view for managers and admins, streamed row by row.
/// Anonymous callers are sent to sign in (the app's fallback policy, as for the bookings export); signed-in users
/// without the role get a 403 with a reason rather than the access-denied page, since this is a file, not a page.
/// </summary>
public static class ReassignmentExport
{
    public const string Route = "/exports/reassignments.csv";

    public static readonly string[] Header =
        ["at", "booking_uid", "booking_title", "event_type", "from_host", "from_staff", "to_host", "to_staff", "reason", "source", "by"];

    public static string UrlFor(ReassignmentFilter filter) => filter.ToQueryString() is { Length: > 0 } query ? $"{Route}?{query}" : Route;

    public static IEndpointRouteBuilder MapReassignmentExports(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Export).RequireAuthorization().WithName("ExportReassignments");
        return app;
    }

    /// <remarks>
    /// Declared as <see cref="IResult"/> on purpose: a typed union with a problem result marks the endpoint as an API,
    /// and .NET then answers anonymous callers 401 instead of the sign-in redirect the bookings export gives.
    /// </remarks>
    private static IResult Export(
        HttpRequest request, ClaimsPrincipal user, ReassignmentQuery query, IOptions<CalAdminOptions> options,
        IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
    {
        if (!user.IsInRole(Roles.Manager) && !user.IsInRole(Roles.Admin))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Only managers and admins can export the reassignment history.");
        if (!ReassignmentFilter.TryParse(request.QueryString.Value, out var filter, out var error))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The export's filters are not valid", detail: error);

        var zone = BookingTime.FindOrUtc(filter.TimeZone ?? options.Value.TimeZone);
        var today = BookingTime.LocalDay(clock.GetUtcNow().UtcDateTime, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ct = request.HttpContext.RequestAborted;
        return ExportAudit.Csv(dbFactory, user, clock, "reassignments.csv", filter.ToQueryString(), $"reassignments-{today}.csv",
            (writer, written) => WriteAsync(writer, query.StreamAsync(filter, ct), ct, written));
    }

    /// <summary>Host columns: Cal.com's name, and the mapped staff member's name (empty when unmapped or unknown).</summary>
    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<ReassignmentRow> rows, CancellationToken ct, RowCount? written = null)
    {
        await writer.WriteAsync(Line(Header));
        written ??= new RowCount();
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line([
                Iso(row.AtUtc),
                row.BookingUid,
                row.BookingTitle,
                row.EventTypeTitle,
                row.From?.CalComName,
                row.From is { Mapped: true } from ? from.Name : null,
                row.To?.CalComName,
                row.To is { Mapped: true } to ? to.Name : null,
                row.Reason,
                row.Source.ToString(),
                row.ByUser,
            ]));
            written.Rows = ++count;
            if (count % 500 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Line(IReadOnlyList<string?> cells) => Csv.Write([cells]);
}
