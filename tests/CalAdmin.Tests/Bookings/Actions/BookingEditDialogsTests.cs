using AngleSharp.Dom;
using Bunit;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Actions;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CalAdmin.Tests.Bookings.Actions;

/// <summary>The booking-edit dialogs (guests, attendee, location, request reschedule) with the real MudBlazor components: what they refuse before Cal.com is called.</summary>
public sealed class BookingEditDialogsTests(ActionsHost host) : ActionsUiContext(host)
{
    private static readonly System.Security.Claims.ClaimsPrincipal Staff = ActionsHost.Actor(Roles.Staff);

    private static BookingDetails Details(BookingStatus status, DateTime start) => new(
        1, "uid-edit", 1, "Intro call", start, start.AddMinutes(30), status, null, null, 2001, "Room 4", null, null, [], null, null, null, false,
        MeetingState.NotStarted, [], [new BookingAttendeeLine("Guest", "guest@example.com", "Europe/Berlin", null, false)], []);

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var provider = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("Edit", parameters));
        return provider;
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialog, string testId)
    {
        var element = dialog.Find($"[data-testid='{testId}']");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    private static bool Enabled(IRenderedComponent<MudDialogProvider> dialog, string testId) => !dialog.Find($"[data-testid='{testId}']").HasAttribute("disabled");

    [Fact]
    public void An_open_booking_offers_the_four_edits_and_a_cancelled_one_none()
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        Render<MudPopoverProvider>();

        var open = Render<BookingActions>(p => p.Add(a => a.Booking, Details(BookingStatus.Accepted, TestClock.UtcNow.AddDays(2))));
        var cancelled = Render<BookingActions>(p => p.Add(a => a.Booking, Details(BookingStatus.Cancelled, TestClock.UtcNow.AddDays(2))));

        foreach (var id in new[] { "action-request-reschedule", "action-add-guests", "action-add-attendee", "action-location" })
        {
            Assert.Single(open.FindAll($"[data-testid='{id}']"));
            Assert.Empty(cancelled.FindAll($"[data-testid='{id}']"));
        }
    }

    [Fact]
    public async Task The_guests_dialog_names_a_bad_address_and_more_than_ten_guests_and_only_then_allows_adding()
    {
        var dialog = await OpenAsync(new DialogParameters<AddGuestsDialog> { { d => d.Uid, "uid-edit" }, { d => d.Actor, Staff } });
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[data-testid='guests-confirm']")));
        Assert.False(Enabled(dialog, "guests-confirm"));

        Field(dialog, "guests-input").Input("ada@example.com\nnot-an-address");
        dialog.WaitForAssertion(() => Assert.Equal("'not-an-address' is not an email address.", dialog.Find("[data-testid='guests-problem']").TextContent.Trim()));
        Assert.False(Enabled(dialog, "guests-confirm"));

        Field(dialog, "guests-input").Input(string.Join("\n", Enumerable.Range(0, 11).Select(i => $"g{i}@example.com")));
        dialog.WaitForAssertion(() => Assert.Contains("at most 10 guests", dialog.Markup));
        Assert.False(Enabled(dialog, "guests-confirm"));

        Field(dialog, "guests-input").Input("ada@example.com, alan@example.com");
        dialog.WaitForAssertion(() => Assert.True(Enabled(dialog, "guests-confirm")));
        Assert.Empty(dialog.FindAll("[data-testid='guests-problem']"));
    }

    [Fact]
    public async Task The_attendee_dialog_needs_a_name_and_an_email_and_offers_the_bookings_time_zone()
    {
        var dialog = await OpenAsync(new DialogParameters<AddAttendeeDialog>
        {
            { d => d.Uid, "uid-edit" }, { d => d.Actor, Staff }, { d => d.DefaultTimeZone, "Europe/Berlin" },
        });
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[data-testid='new-attendee-confirm']")));
        Assert.False(Enabled(dialog, "new-attendee-confirm"));
        Assert.Contains("Europe/Berlin", dialog.Find("[data-testid='new-attendee-zone']").OuterHtml + dialog.Markup);

        Field(dialog, "new-attendee-name").Input("Mary Jackson");
        dialog.WaitForAssertion(() => Assert.Equal("Enter the attendee's email address.", dialog.Find("[data-testid='new-attendee-problem']").TextContent.Trim()));
        Assert.False(Enabled(dialog, "new-attendee-confirm"));

        Field(dialog, "new-attendee-email").Input("mary@example.com");
        dialog.WaitForAssertion(() => Assert.True(Enabled(dialog, "new-attendee-confirm")));
        Assert.Empty(dialog.FindAll("[data-testid='new-attendee-problem']"));
    }

    [Fact]
    public async Task The_location_dialog_shows_the_current_location_and_needs_an_address()
    {
        var dialog = await OpenAsync(new DialogParameters<LocationDialog> { { d => d.Uid, "uid-edit" }, { d => d.Actor, Staff }, { d => d.Current, "Room 4" } });
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[data-testid='location-confirm']")));
        Assert.Equal("Now: Room 4", dialog.Find("[data-testid='location-current']").TextContent.Trim());
        Assert.False(Enabled(dialog, "location-confirm"));

        Field(dialog, "location-value").Input("Hauptstr. 1, Berlin");

        dialog.WaitForAssertion(() => Assert.True(Enabled(dialog, "location-confirm")));
    }

    [Theory]
    [InlineData(LocationKind.CalVideo, null, null)]
    [InlineData(LocationKind.Link, "javascript:alert(1)", "Enter a link that starts with https:// or http://.")]
    [InlineData(LocationKind.Link, "https://meet.example.com/abc", null)]
    [InlineData(LocationKind.Phone, "030 123", "Enter the phone number in international format, e.g. +49 30 1234567.")]
    [InlineData(LocationKind.Phone, "+49 30 1234567", null)]
    [InlineData(LocationKind.Address, "  ", "Enter the address.")]
    public void Each_kind_of_location_is_checked_as_Cal_com_would_take_it(LocationKind kind, string? value, string? problem) =>
        Assert.Equal(problem, BookingCommands.LocationProblem(new LocationChoice(kind, value)));
}
