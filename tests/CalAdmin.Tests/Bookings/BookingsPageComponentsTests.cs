using Bunit;
using CalAdmin.Web.Features.Bookings;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CalAdmin.Tests.Bookings;

/// <summary>The list (rendered without a circuit) draws its cells and filters with MudBlazor's own components, not copies of their markup.</summary>
public sealed class BookingsPageComponentsTests : BookingPagesContext
{
    private IRenderedComponent<BookingsPage> RenderList(string url)
    {
        GoTo(url);
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var page = Render<BookingsPage>();
        page.WaitForState(() => page.FindAll("tr.booking-row").Count > 0);
        return page;
    }

    [Fact]
    public void Each_rows_title_is_a_MudLink_and_its_status_a_MudChip()
    {
        var page = RenderList("bookings");

        var rows = page.FindAll("tr.booking-row").Count;
        Assert.Equal(5, rows);
        var links = page.FindComponents<MudLink>().Where(l => l.Instance.Class?.Contains("booking-title") == true).ToList();
        Assert.Equal(rows, links.Count);
        Assert.Equal("bookings/b10", links[0].Instance.Href);
        var chips = page.FindComponents<MudChip<string>>().Where(c => c.Instance.Class?.Contains("booking-status") == true).ToList();
        Assert.Equal(rows, chips.Count);
        // b2, Ben's consultation, waits for confirmation.
        Assert.Contains(chips, c => c.Instance.Color == Color.Warning && c.Markup.Contains("Unconfirmed"));
    }

    [Fact]
    public void The_search_and_date_filters_are_MudTextFields_whose_inputs_the_form_submits()
    {
        var page = RenderList("bookings?status=all&q=anna&from=2025-03-01&to=2025-03-31");

        var fields = page.FindComponents<MudTextField<string>>();
        Assert.Equal(["Name, email, phone, uid or note", "From", "To"], fields.Select(f => f.Instance.Label));
        var search = page.Find("form[data-testid=booking-filters] input[name=q]");
        Assert.Equal("anna", search.GetAttribute("value"));
        Assert.Equal("search", search.GetAttribute("type"));
        Assert.Equal("filter-q", search.Id);
        Assert.NotNull(page.Find("label[for=filter-q]"));
        var from = page.Find("input[name=from]");
        Assert.Equal("2025-03-01", from.GetAttribute("value"));
        Assert.Equal("2025-03-31", from.GetAttribute("max"));
        Assert.Equal("2025-03-01", page.Find("input[name=to]").GetAttribute("min"));
    }
}
