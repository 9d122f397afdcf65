using CalAdmin.Web.Features.Users;
using Microsoft.Playwright;

namespace CalAdmin.E2E.Accessibility;

/// <summary>
/// Issue 18: the main flows with the keyboard alone (no mouse call anywhere in this class): sign in, find a booking,
/// open it, reschedule and cancel it through the dialogs with focus moving into each dialog and back to its button,
/// switch the calendar's view and week, map a host to a staff member.
/// </summary>
public sealed class KeyboardTests(AccessibilitySite site) : IClassFixture<AccessibilitySite>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => site.Browser.CloseContextsAsync();

    /// <summary>Presses Tab (or Shift+Tab) until the focused element (or an ancestor) matches the selector and holds the text.</summary>
    private static async Task TabToAsync(IPage page, string selector, string? text = null, int max = 150, bool backwards = false)
    {
        for (var i = 0; i < max; i++)
        {
            bool reached;
            try
            {
                // On an edge of a MudBlazor focus trap (a dialog's), focus waits for the server to hand it on to the
                // trap's first or last element: a key pressed before that would move it on from the edge, skipping them.
                await page.WaitForFunctionAsync("() => !document.activeElement?.matches('div.fixed.pointer-events-none[tabindex=\"0\"]')");
                reached = await page.EvaluateAsync<bool>("([s, t]) => { const e = document.activeElement?.closest(s); return !!e && (!t || e.textContent.includes(t)); }",
                    new object?[] { selector, text });
            }
            catch (PlaywrightException e) when (e.Message.Contains("Execution context was destroyed"))
            {
                // The page was still being replaced by the navigation the last key started: wait for the new one.
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                continue;
            }
            if (reached) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"Tab never reached {selector}{(text is null ? "" : $" with '{text}'")}; focus is on {await FocusedAsync(page)}");
    }

    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) : 'nothing'; }");

    private static Task FocusIsInDialogAsync(IPage page) =>
        Assertions.Expect(page.Locator(".mud-dialog:focus-within")).ToHaveCountAsync(1);

    private static async Task FocusIsOnAsync(IPage page, string testId)
    {
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='{testId}']")).ToBeFocusedAsync();
    }

    /// <summary>After the reschedule's confirm: the page moves to the new booking, or the test fails with the dialog's words.</summary>
    private async Task MovedAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(url => url.Contains("/bookings/") && !url.EndsWith(site.BookingUid));
        }
        catch (PlaywrightException)
        {
            var error = page.Locator("[data-testid='action-error']");
            Assert.Fail($"The reschedule did not move to a new booking; the dialog says: {(await error.CountAsync() > 0 ? await error.InnerTextAsync() : "nothing")}; focus is on {await FocusedAsync(page)}");
        }
    }

    [Fact]
    public async Task Sign_in_find_reschedule_and_cancel_a_booking_switch_the_calendar_and_map_a_host_with_the_keyboard_alone()
    {
        var (email, password) = await site.UserAsync(Roles.Admin, dark: false);
        var context = await site.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 800 }, ReducedMotion = ReducedMotion.Reduce });
        var page = await context.NewPageAsync();

        // Sign in.
        await page.GotoAsync(new Uri(site.Host.BaseAddress, "/Account/Login").ToString());
        await TabToAsync(page, "input[name='Input.Email']");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "input[name='Input.Password']");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForCircuitAsync();

        // After a navigation focus is on the page's heading (FocusOnNavigate); back from there to the skip link, which
        // moves focus to the page's content.
        await Assertions.Expect(page.Locator("h1:focus")).ToHaveCountAsync(1);
        await TabToAsync(page, ".skip-link", backwards: true);
        await Assertions.Expect(page.Locator(".skip-link")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#main-content")).ToBeFocusedAsync();

        // Find the booking by its attendee's email and open it.
        await TabToAsync(page, "nav a[href='/bookings']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/bookings");
        await page.WaitForCircuitAsync();
        await TabToAsync(page, "[data-testid='search']");
        await page.Keyboard.TypeAsync(site.BookingAttendeeEmail);
        await Assertions.Expect(page.Locator("tr.booking-row")).ToHaveCountAsync(1);
        await TabToAsync(page, $"[data-testid='bookings-grid'] a[href*='{site.BookingUid}']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/bookings/{site.BookingUid}");
        await page.WaitForCircuitAsync();

        // Reschedule: the dialog takes focus and gives it back to its button when closed with Escape...
        await TabToAsync(page, "[data-testid='action-reschedule']");
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await FocusIsOnAsync(page, "action-reschedule");
        // ...and moves the booking to another free slot.
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await Assertions.Expect(page.Locator(".mud-dialog [data-testid='slot']").First).ToBeVisibleAsync();
        await TabToAsync(page, $".mud-dialog [data-testid='slot']:not([data-start='{site.BookingStart}'])");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid='chosen-slot']")).ToBeVisibleAsync();
        // Back past the first slots: the dialog keeps focus inside and wraps round to its last button.
        await TabToAsync(page, "[data-testid='reschedule-confirm']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await MovedAsync(page);
        await Assertions.Expect(page.Locator("[data-testid='rescheduled-from']")).ToHaveTextAsync(site.BookingUid);
        // After a completed move the page shows the new booking, and focus is on its heading.
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main h1:focus")).ToHaveCountAsync(1);

        // Cancel: into the dialog's reason field, back to the button on Escape, then cancelled with a reason.
        await TabToAsync(page, "[data-testid='action-cancel']");
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await FocusIsOnAsync(page, "action-cancel");
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await TabToAsync(page, ".mud-dialog [data-testid='reason-input']");
        await page.Keyboard.TypeAsync("Asked by phone");
        await TabToAsync(page, "[data-testid='reason-confirm']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='action-cancel']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("td", new() { HasText = "Asked by phone" })).ToBeVisibleAsync();
        // Its Cancel button is gone: focus is on the booking's heading.
        await Assertions.Expect(page.Locator("main h1:focus")).ToHaveCountAsync(1);

        // The calendar: month view, then week view, then the next week.
        await TabToAsync(page, "nav a[href='/calendar']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/calendar**");
        await TabToAsync(page, "[data-testid='view'] button", "Month");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**view=month**");
        // Focus stays on the view switch; Week and the week arrows are before it.
        await TabToAsync(page, "[data-testid='view'] button", "Week", max: 300, backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("view=month"));
        var week = await page.Locator("[data-testid='range-title']").InnerTextAsync();
        await TabToAsync(page, "[data-testid='next']", max: 300, backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid='range-title']")).Not.ToHaveTextAsync(week);

        // Map the unmapped host to the free staff member.
        await TabToAsync(page, "nav a[href='/mappings']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/mappings");
        var row = page.Locator("tr", new() { HasText = AccessibilitySite.UnmappedHost });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await TabToAsync(page, "tr:has([data-testid='map']:focus)", AccessibilitySite.UnmappedHost);
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator("[data-testid='map']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await FocusIsInDialogAsync(page);
        await TabToAsync(page, ".mud-dialog [data-testid='map-staff']");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item", new() { HasText = AccessibilitySite.FreeStaff })).ToBeVisibleAsync();
        // The only staff member: a second ArrowDown highlights it whether or not opening did.
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "[data-testid='map-save']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row).ToContainTextAsync(AccessibilitySite.FreeStaff);
    }
}
