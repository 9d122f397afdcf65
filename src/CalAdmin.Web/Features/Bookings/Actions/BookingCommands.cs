using System.Security.Claims;
using System.Text.Json;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Features.Bookings.Actions;

/// <summary>
/// Every Cal.com action on a booking, each a short method over the shared plumbing (BookingCommands.Plumbing.cs):
/// check the actor's role (Staff and Admin act, Manager reads), call Cal.com exactly once (never retried; duplicates
/// are absorbed by <see cref="BookingActionGuard"/>), read the booking back when Cal.com gave no answer, apply Cal.com's
/// answer through the booking mirror (docs/mirror.md), audit, and tell open pages.
/// </summary>
public sealed partial class BookingCommands(
    CalComClient calCom,
    IDbContextFactory<AppDbContext> dbFactory,
    WriteGate writes,
    BookingActionGuard guard,
    IChangeFeed feed,
    TimeProvider clock,
    ILogger<BookingCommands> logger)
{
    public static bool CanAct(ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);

    public Task<BookingActionResult> CreateAsync(ClaimsPrincipal actor, NewBooking request, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (Validate(request) is { } problem) return Task.FromResult(BookingActionResult.Refused(problem));
        return guard.RunOnceAsync(CreateKey(request), () => CreateCoreAsync(actor, request, ct));
    }

    public Task<BookingActionResult> CancelAsync(ClaimsPrincipal actor, string uid, string? reason, CancellationToken ct = default) =>
        ActAsync(actor, $"cancel:{uid}", new BookingAction(uid, "booking.cancel", "cancelled",
            () => calCom.CancelBookingAsync(uid, Clean(reason), ct), b => b.Status == CalComBookingStatuses.Cancelled)
        {
            Detail = new { reason = Clean(reason) },
        }, _ => "The booking is cancelled in Cal.com.", ct);

    /// <summary>
    /// Cal.com makes a new booking (new uid) and closes the old one; the result names the new uid. <c>rescheduledBy</c>
    /// is the signed-in person's email, as Cal.com defines it (the person rescheduling): when that is the booking's
    /// organizer and the event type needs confirmation, Cal.com confirms the new time at once; anyone else's reschedule
    /// waits for the host's confirmation, which is what the business chose by requiring confirmation.
    /// </summary>
    public Task<BookingActionResult> RescheduleAsync(ClaimsPrincipal actor, string uid, DateTimeOffset start, string? reason, CancellationToken ct = default)
    {
        var request = new RescheduleBookingRequest(start.ToUniversalTime(), Clean(reason), EmailOf(actor));
        return ActAsync(actor, $"reschedule:{uid}", new BookingAction(uid, "booking.reschedule", "rescheduled",
            () => calCom.RescheduleBookingAsync(uid, request, ct), b => b.RescheduledToUid is { Length: > 0 })
        {
            // The answer to read back is the new booking, which the old one names once the reschedule happened.
            ReadBack = async () => await ReadBackAsync(uid, b => b.RescheduledToUid is { Length: > 0 }, ct) is { RescheduledToUid: { } newUid }
                ? await calCom.GetBookingAsync(newUid, ct) : null,
            Detail = new { rescheduledFrom = uid, reason = Clean(reason) },
            AlsoAuditUid = uid,
        }, answer => answer.Status == CalComBookingStatuses.Pending
            ? "Rescheduled; waiting for confirmation. Cal.com gave the booking a new id, and the host must confirm the new time."
            : "The booking is moved; Cal.com gave it a new booking id.", ct);
    }

    public Task<BookingActionResult> ConfirmAsync(ClaimsPrincipal actor, string uid, CancellationToken ct = default) =>
        ActAsync(actor, $"confirm:{uid}", new BookingAction(uid, "booking.confirm", "confirmed",
            () => calCom.ConfirmBookingAsync(uid, ct), b => b.Status == CalComBookingStatuses.Accepted),
            _ => "The booking is confirmed.", ct);

    public Task<BookingActionResult> DeclineAsync(ClaimsPrincipal actor, string uid, string? reason, CancellationToken ct = default) =>
        ActAsync(actor, $"decline:{uid}", new BookingAction(uid, "booking.decline", "declined",
            () => calCom.DeclineBookingAsync(uid, Clean(reason), ct), b => b.Status == CalComBookingStatuses.Rejected)
        {
            Detail = new { reason = Clean(reason) },
            Adjust = row => row.CancellationReason = Clean(reason) ?? row.CancellationReason,
        }, _ => "The booking is declined.", ct);

    /// <summary>
    /// Marks the host, and marks or unmarks attendees, as not having shown up; Cal.com allows it once the booking started.
    /// Cal.com only ever sets the host's mark (handleMarkNoShow ignores <c>host: false</c>), so there is no unmarking the host.
    /// </summary>
    public Task<BookingActionResult> MarkNoShowAsync(ClaimsPrincipal actor, string uid, bool? hostAbsent, IReadOnlyList<AttendeeAbsence> attendees, CancellationToken ct = default)
    {
        EnsureCanAct(actor);
        if (hostAbsent is false)
            return Task.FromResult(BookingActionResult.Refused("Cal.com cannot take back a host's no-show once it is marked; it ignores the request."));
        if (hostAbsent is null && attendees.Count == 0) return Task.FromResult(BookingActionResult.Refused("Choose the host or an attendee."));
        var key = $"noshow:{uid}:{hostAbsent}:{string.Join(',', attendees.Select(a => $"{a.Email.ToLowerInvariant()}={a.Absent}"))}";
        var request = new MarkAbsentRequest(hostAbsent, attendees.Count == 0 ? null : attendees.Select(a => new MarkAbsentAttendee(a.Email, a.Absent)).ToList());
        bool Matches(CalComBooking b) =>
            (hostAbsent is null || b.AbsentHost == hostAbsent)
            && attendees.All(m => b.Attendees?.Any(a => string.Equals(a.Email, m.Email, StringComparison.OrdinalIgnoreCase) && (a.Absent ?? false) == m.Absent) == true);
        return ActAsync(actor, key, new BookingAction(uid, "booking.no-show", "updated", () => calCom.MarkAbsentAsync(uid, request, ct), Matches)
        {
            Detail = new { host = hostAbsent, attendees },
            NoticeVerb = "no-show updated",
        }, _ => "The no-show marks are saved in Cal.com.", ct);
    }

    private async Task<BookingActionResult> CreateCoreAsync(ClaimsPrincipal actor, NewBooking request, CancellationToken ct)
    {
        var start = request.Start.ToUniversalTime();
        var email = request.Email.Trim();
        var fields = request.Fields?.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .ToDictionary(f => f.Key, f => JsonSerializer.SerializeToElement(f.Value.Trim()));
        var body = new CreateBookingRequest(start,
            new CreateBookingAttendee(request.Name.Trim(), request.TimeZone, email, string.IsNullOrWhiteSpace(request.PhoneNumber) ? null : request.PhoneNumber.Trim()),
            EventTypeId: request.EventTypeId,
            BookingFieldsResponses: fields is { Count: > 0 } ? fields : null,
            LengthInMinutes: request.LengthInMinutes);
        var (answer, failure) = await CallOnceAsync("created",
            () => calCom.CreateBookingAsync(body, ct),
            async () => (await calCom.GetAllBookingsAsync(new CalComBookingFilter(AfterStart: start.AddMinutes(-1), BeforeEnd: start.AddDays(1), EventTypeIds: [request.EventTypeId]), ct))
                .FirstOrDefault(b => b.Start == start && b.Attendees?.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)) == true));
        if (failure is not null) return failure;
        await RecordAsync(actor, "booking.create", answer!, null, null, "created", ct);
        var pending = answer!.Status == CalComBookingStatuses.Pending ? " It waits for the host's confirmation." : "";
        return BookingActionResult.Done($"The booking is made in Cal.com.{pending}", answer.Uid);
    }
}
