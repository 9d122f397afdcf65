using Bunit;
using CalAdmin.Web.Components.Shared;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Bookings;

/// <summary>
/// Issue 16: the bookings list's cells and its filter form, rendered as the list renders them (without a circuit), are
/// drawn by MudBlazor's components; the native lists go through NativeSelect, the one copy of MudBlazor's field markup.
/// </summary>
public sealed class BookingCellsAndFilterFormTests : BunitContext, IAsyncLifetime
{
    public BookingCellsAndFilterFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void A_status_is_a_MudChip_in_the_status_colour()
    {
        var cut = Render(BookingCells.Status(BookingStatus.Cancelled));

        var chip = Assert.Single(cut.FindComponents<MudChip<string>>());
        Assert.Equal(Color.Error, chip.Instance.Color);
        Assert.Equal(Variant.Outlined, chip.Instance.Variant);
        Assert.Equal(Size.Small, chip.Instance.Size);
        Assert.Equal("Cancelled", cut.Find("[data-testid=status]").TextContent.Trim());
    }

    [Fact]
    public void An_unmapped_host_is_marked_by_a_MudChip_and_a_mapped_one_is_only_its_name()
    {
        var unmapped = Render(BookingCells.Host(new HostLabel(7, "Bob Cal", Mapped: false, "Bob Cal", Active: true)));

        var mark = Assert.Single(unmapped.FindComponents<MudChip<string>>());
        Assert.Equal(Color.Warning, mark.Instance.Color);
        Assert.Equal(Variant.Text, mark.Instance.Variant);
        var chip = unmapped.Find("[data-testid=unmapped]");
        Assert.Equal("unmapped", chip.TextContent.Trim());
        Assert.Equal("This Cal.com user is not mapped to a staff member.", chip.GetAttribute("title"));
        Assert.StartsWith("Bob Cal", unmapped.Find("[data-testid=host]").TextContent);

        var mapped = Render(BookingCells.Host(new HostLabel(8, "Alice Staff", Mapped: true, "alice", Active: true)));

        Assert.Empty(mapped.FindComponents<MudChip<string>>());
        Assert.Equal("Alice Staff", mapped.Find("[data-testid=host]").TextContent);
    }

    [Fact]
    public void Each_attendees_email_is_a_MudLink_to_the_persons_page()
    {
        var cut = Render(BookingCells.Attendees([
            new BookingAttendeeCell("Anna Attendee", "anna@example.com", Absent: false),
            new BookingAttendeeCell("Ben Booker", "ben+1@example.com", Absent: false),
        ]));

        var links = cut.FindComponents<MudLink>();
        Assert.Equal([PersonAddress.ForEmail("anna@example.com"), PersonAddress.ForEmail("ben+1@example.com")], links.Select(l => l.Instance.Href));
        Assert.Equal(["anna@example.com", "ben+1@example.com"], cut.FindAll("a[data-testid=person-link]").Select(a => a.TextContent));
        Assert.Equal("people?email=ben%2B1%40example.com", cut.FindAll("a[data-testid=person-link]")[1].GetAttribute("href"));
        Assert.Equal("Anna Attendee · anna@example.com\nBen Booker · ben+1@example.com", TextOf(cut));
    }

    [Fact]
    public void The_filter_form_draws_its_fields_with_MudTextFields_NativeSelects_and_a_MudButton_to_clear_them()
    {
        var query = new BookingQuery
        {
            Tab = BookingTab.All, Search = "anna", HostId = 2, EventTypeId = 99, Status = BookingStatus.Pending,
            From = new DateOnly(2025, 3, 1),
        };
        var cut = Render<BookingFilterForm>(p => p
            .Add(f => f.Query, query)
            .Add(f => f.ClearUrl, "bookings?status=all")
            .Add(f => f.Hosts, [new FilterChoice(1, "Alice Staff", false), new FilterChoice(2, "Bob Cal (unmapped)", true)])
            .Add(f => f.EventTypes, [new FilterChoice(5, "Consultation", false)]));

        Assert.Equal(["Name, email, phone, uid or note", "From", "To"], cut.FindComponents<MudTextField<string>>().Select(f => f.Instance.Label));
        Assert.Equal("anna", cut.Find("input[name=q]").GetAttribute("value"));
        Assert.Equal("2025-03-01", cut.Find("input[name=from]").GetAttribute("value"));

        // Every list is a NativeSelect inside NativeField, the one copy of MudBlazor's outlined field.
        var selects = cut.FindComponents<NativeSelect>();
        Assert.Equal(["Host", "Event type", "Status", "Outcome"], selects.Select(s => s.Instance.Label));
        Assert.Equal(cut.FindAll("select").Count, selects.Count);
        Assert.Equal(selects.Count, cut.FindComponents<NativeField>().Count);
        foreach (var select in cut.FindAll("select"))
        {
            Assert.Contains("mud-input-root-outlined", select.ClassName);
            Assert.NotNull(cut.Find($"label[for={select.Id}]"));
        }
        Assert.Equal("2", cut.Find("select[name=host] option[selected]").GetAttribute("value"));
        // A chosen event type the page does not know is kept, by its number.
        Assert.Equal("Unknown event type #99", cut.Find("select[name=eventType] option[selected]").TextContent);
        Assert.Equal("Pending", cut.Find("select[name=bookingStatus] option[selected]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("select[name=outcome] option[selected]:not([value=''])"));

        var clear = cut.FindComponents<MudButton>().Single(b => b.Instance.Href is not null);
        Assert.Equal("bookings?status=all", clear.Instance.Href);
        Assert.Equal("a", cut.Find("[data-testid=clear-filters]").TagName.ToLowerInvariant());
    }

    [Fact]
    public void Without_filters_the_form_offers_no_clear_button()
    {
        var cut = Render<BookingFilterForm>(p => p.Add(f => f.Query, new BookingQuery()).Add(f => f.ClearUrl, "bookings"));

        Assert.Empty(cut.FindAll("[data-testid=clear-filters]"));
        Assert.Equal("", cut.Find("select[name=host] option[selected]").GetAttribute("value"));
    }

    private static string TextOf<T>(IRenderedComponent<T> cut) where T : IComponent => cut.Nodes.Select(n => n.TextContent).Aggregate("", string.Concat);
}
