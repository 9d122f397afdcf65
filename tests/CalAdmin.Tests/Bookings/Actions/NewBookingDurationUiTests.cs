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

/// <summary>The New booking dialog with a multi-length event type, rendered against the real host and its sandbox.</summary>
public sealed class NewBookingDurationUiTests(ActionsHost host) : ActionsUiContext(host)
{
    private readonly ActionsHost host = host;

    [Fact]
    public async Task The_dialog_offers_the_lengths_asks_slots_for_the_chosen_one_and_books_with_it()
    {
        var id = host.EventTypeId("15min");
        var email = $"long-{Guid.NewGuid():N}@example.com";
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(Roles.Staff);
        var provider = Render<MudDialogProvider>();
        var popovers = Render<MudPopoverProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<NewBookingDialog>("New booking",
            new DialogParameters<NewBookingDialog> { { d => d.Name, "Ada Lovelace" }, { d => d.Email, email }, { d => d.AttendeeTimeZone, "UTC" } }));
        provider.WaitForAssertion(() => Assert.Contains(provider.FindComponents<MudSelect<int?>>(), s => s.Instance.Label == "Event type"), TimeSpan.FromSeconds(10));

        var eventTypes = provider.FindComponents<MudSelect<int?>>().Single(s => s.Instance.Label == "Event type");
        await provider.InvokeAsync(() => eventTypes.Instance.ValueChanged.InvokeAsync(id));
        provider.WaitForAssertion(() => Assert.Contains(provider.FindComponents<MudSelect<int?>>(), s => s.Instance.Label == "Duration"), TimeSpan.FromSeconds(10));
        var duration = provider.FindComponents<MudSelect<int?>>().Single(s => s.Instance.Label == "Duration");
        Assert.Equal(15, duration.Instance.Value);
        await provider.InvokeAsync(() => duration.Instance.OpenMenu());
        popovers.WaitForAssertion(() => Assert.Equal(["15 min", "30 min", "45 min"],
            popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())), TimeSpan.FromSeconds(10));
        await provider.InvokeAsync(() => duration.Instance.ValueChanged.InvokeAsync(30));

        // Slots of 30 minutes: consecutive starts of one day are 30 minutes apart (15 for the default length). The first
        // day with two slots: late in the working day the first day has only one left, and the next slot is tomorrow's.
        provider.WaitForAssertion(() =>
        {
            Assert.Equal("30", provider.Find("[data-testid='slot-days']").GetAttribute("data-duration"));
            var day = provider.FindAll("[data-testid='slot-days'] > div").First(d => d.QuerySelectorAll("[data-testid='slot']").Length >= 2);
            var starts = day.QuerySelectorAll("[data-testid='slot']").Take(2).Select(b => DateTimeOffset.Parse(b.GetAttribute("data-start")!)).ToList();
            Assert.Equal(TimeSpan.FromMinutes(30), starts[1] - starts[0]);
        }, TimeSpan.FromSeconds(10));
        var start = DateTimeOffset.Parse(provider.FindAll("[data-testid='slot']")[0].GetAttribute("data-start")!);
        provider.FindAll("[data-testid='slot']")[0].Click();
        provider.Find("[data-testid='create-booking']").Click();

        provider.WaitForAssertion(() =>
        {
            lock (host.Sandbox.State.Gate)
                Assert.Single(host.Sandbox.State.Bookings, b => b.Attendees.Any(a => a.Email == email) && b.Start == start && b.End == start.AddMinutes(30));
        }, TimeSpan.FromSeconds(10));
        // The dialog closes once CalAdmin has mirrored what Cal.com answered; the sandbox holds the booking a moment before.
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll(".mud-dialog")), TimeSpan.FromSeconds(10));
        string uid;
        lock (host.Sandbox.State.Gate) uid = host.Sandbox.State.Bookings.Single(b => b.Attendees.Any(a => a.Email == email)).Uid;
        var row = await host.RowAsync(uid);
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromMinutes(30), row.EndUtc - row.StartUtc);
    }
}
