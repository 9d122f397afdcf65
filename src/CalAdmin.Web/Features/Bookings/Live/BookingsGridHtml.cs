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
    public async Task<string> RenderAsync(BookingsGridData data)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(BookingsGrid.Data)] = data });
            var output = await renderer.RenderComponentAsync<BookingsGrid>(parameters);
            return output.ToHtmlString();
        });
    }
}
