using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CalAdmin.Web.Features.Bookings.Live;

/// <summary>
/// Draws a read of the bookings list (<see cref="BookingsGrid"/>) as HTML outside any request or circuit, as the page
/// draws it without a circuit: the list's live island patches the page's grid with it. MudBlazor's components render
/// here as they do in static SSR; the render gets a service scope of its own.
/// </summary>
public sealed class BookingsGridHtml(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    public async Task<BookingsGridRead> RenderAsync(BookingsGridData data)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(BookingsGrid.Data)] = data });
            var output = await renderer.RenderComponentAsync<BookingsGrid>(parameters);
            return output.ToHtmlString();
        });
        return new BookingsGridRead(data, html, Split(html, data));
    }

    /// <summary>
    /// The grid's rows apart from the rest (its frame: the hint, the headers, the pager), so that a page that already
    /// shows most rows is sent only the others. Null when the rows cannot be told apart one for one (no rows: the grid
    /// draws its empty state in the table's body), and the whole grid is sent.
    /// </summary>
    internal static BookingsGridParts? Split(string html, BookingsGridData data)
    {
        var body = html.IndexOf("<tbody", StringComparison.Ordinal);
        if (body < 0) return null;
        var bodyStart = html.IndexOf('>', body) + 1;
        var bodyEnd = html.IndexOf("</tbody>", bodyStart, StringComparison.Ordinal);
        if (bodyEnd < 0) return null;
        var rows = new List<BookingsGridRow>();
        for (var at = bodyStart; ;)
        {
            var start = html.IndexOf("<tr ", at, bodyEnd - at, StringComparison.Ordinal);
            if (start < 0) break;
            var end = html.IndexOf("</tr>", start, bodyEnd - start, StringComparison.Ordinal);
            if (end < 0 || rows.Count == data.Rows.Count) return null;
            end += "</tr>".Length;
            var row = data.Rows[rows.Count];
            rows.Add(new BookingsGridRow(data.View.DetailsUrl(row.Uid), row.Uid, JsonSerializer.Serialize(row), html[start..end]));
            at = end;
        }
        if (rows.Count != data.Rows.Count || rows.Count == 0) return null;
        return new BookingsGridParts(string.Concat(html.AsSpan(0, bodyStart), html.AsSpan(bodyEnd)), rows);
    }
}

/// <summary>A bookings list's view read and drawn: its rows, their grid's HTML, and that HTML in parts when it splits.</summary>
public sealed record BookingsGridRead(BookingsGridData Data, string Html, BookingsGridParts? Parts);

/// <summary>The grid without its rows' markup (<see cref="Frame"/>), and each row's.</summary>
public sealed record BookingsGridParts(string Frame, IReadOnlyList<BookingsGridRow> Rows)
{
    private readonly Dictionary<string, string> drawn = Rows.ToDictionary(r => r.Uid, r => r.Data);

    /// <summary>Whether this read drew the booking from the same data as <paramref name="row"/>.</summary>
    public bool Drew(BookingsGridRow row) => drawn.TryGetValue(row.Uid, out var data) && data == row.Data;
}

/// <summary>
/// One row: <see cref="Key"/> is its link (how the page finds the row), <see cref="Data"/> what it was drawn from (two
/// rows drawn from equal data look the same, whatever ids MudBlazor gave their parts).
/// </summary>
public sealed record BookingsGridRow(string Key, string Uid, string Data, string Html)
{
    /// <summary>The row's own tag, whose attributes depend on its place in the list (MudDataGrid stripes every other row).</summary>
    public string StartTag => Html[..(Html.IndexOf('>') + 1)];
}
