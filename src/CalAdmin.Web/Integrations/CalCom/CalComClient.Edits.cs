using CalAdmin.Web.Integrations.CalCom.Dtos;

namespace CalAdmin.Web.Integrations.CalCom;

/// <summary>Booking edits of the 2026 docs: request a reschedule, add guests, add an attendee, change the location.</summary>
public sealed partial class CalComClient
{
    /// <summary>
    /// Cal.com cancels the booking (marked as a reschedule request) and e-mails the attendee a link to pick a new time.
    /// It answers only a status, so callers read the booking back.
    /// </summary>
    public async Task RequestRescheduleAsync(string bookingUid, string? reason = null, CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("request reschedule", ct => api.RequestRescheduleAsync(bookingUid, new RequestRescheduleRequest(reason), ct), cancellationToken)
            .ConfigureAwait(false);
        if (!string.Equals(answer.Status, "success", StringComparison.OrdinalIgnoreCase))
            throw new CalComException($"Cal.com answered the reschedule request with status '{answer.Status}'", "request reschedule");
    }

    /// <summary>Cal.com answers the booking with its guests; 1 to 10 guests a request, 30 on a booking.</summary>
    public Task<CalComBooking> AddGuestsAsync(string bookingUid, IReadOnlyList<BookingGuest> guests, CancellationToken cancellationToken = default) =>
        BookingAsync("add guests", ct => api.AddGuestsAsync(bookingUid, new AddGuestsRequest(guests), ct), cancellationToken);

    /// <summary>Cal.com answers the attendee it added, not the booking.</summary>
    public async Task<CalComAddedAttendee> AddAttendeeAsync(string bookingUid, AddAttendeeRequest attendee, CancellationToken cancellationToken = default) =>
        Required(await CallAsync("add attendee", ct => api.AddAttendeeAsync(bookingUid, attendee, ct), cancellationToken).ConfigureAwait(false), "add attendee");

    public Task<CalComBooking> UpdateLocationAsync(string bookingUid, BookingLocationInput location, CancellationToken cancellationToken = default) =>
        BookingAsync("change location", ct => api.UpdateLocationAsync(bookingUid, new UpdateLocationRequest(location), ct), cancellationToken);
}
