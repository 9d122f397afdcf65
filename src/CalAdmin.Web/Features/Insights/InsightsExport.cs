using System.Globalization;
using System.Security.Claims;
using System.Text;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;

namespace CalAdmin.Web.Features.Insights;

/// <summary>
/// <c>GET /exports/insights.csv?from=…&amp;to=…&amp;groupBy=host|staff|department|eventType&amp;tz=…</c>: one row per group
/// for the period, the same rows as the page's table. Anonymous callers are sent to sign in; signed-in users without the
/// role get a 403 with a reason, as for the other exports.
/// </summary>
public static class InsightsExport
{
    public const string Route = "/exports/insights.csv";

    public static readonly string[] Header =
        ["group", "created", "held", "completed", "cancelled", "rescheduled", "declined", "no_show_host", "no_show_attendee", "reassigned_away"];

    public static string UrlFor(InsightsFilter filter) => filter.ToQueryString() is { Length: > 0 } query ? $"{Route}?{query}" : Route;

    public static IEndpointRouteBuilder MapInsightsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Export).RequireAuthorization().WithName("ExportInsights");
        return app;
    }

    /// <remarks>Declared as <see cref="IResult"/> so that anonymous callers get the sign-in redirect, not a 401 (see ReassignmentExport).</remarks>
    private static async Task<IResult> Export(HttpRequest request, ClaimsPrincipal user, InsightsQuery query, TimeProvider clock)
    {
        if (!user.IsInRole(Roles.Manager) && !user.IsInRole(Roles.Admin))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Only managers and admins can export the insights.");
        if (!InsightsFilter.TryParse(request.QueryString.Value, out var filter, out var error))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The export's parameters are not valid", detail: error);

        var ct = request.HttpContext.RequestAborted;
        var period = filter.PeriodIn(query.ZoneOf(filter), clock.GetUtcNow());
        var rows = await query.GroupsAsync(filter with { From = period.From, To = period.To }, ct);
        var text = Write(rows);
        var name = $"insights-{period.From:yyyy-MM-dd}-to-{period.To:yyyy-MM-dd}-by-{InsightsFilter.GroupParameter(filter.GroupBy)}.csv";
        return TypedResults.File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
            "text/csv; charset=utf-8", name);
    }

    /// <summary>The CSV text (header first); group names are made safe for spreadsheets by <see cref="Csv"/>.</summary>
    public static string Write(IEnumerable<InsightsGroupRow> rows) =>
        Csv.Write([Header, .. rows.Select(r => (IReadOnlyList<string?>)Cells(r))]);

    public static string?[] Cells(InsightsGroupRow row)
    {
        var f = row.Figures;
        return [row.Group, .. new[] { f.Created, f.Held, f.Completed, f.Cancelled, f.Rescheduled, f.Declined, f.NoShowHost, f.NoShowAttendee, f.ReassignedAway }
            .Select(n => n.ToString(CultureInfo.InvariantCulture))];
    }
}
