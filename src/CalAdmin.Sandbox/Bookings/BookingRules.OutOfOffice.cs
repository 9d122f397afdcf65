using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox.Bookings;

internal sealed partial class BookingRules
{
    /// <summary>
    /// Stores an out-of-office entry already checked by the caller (whole UTC days, no overlap) and sends OOO_CREATED,
    /// as Cal.com does after its create call. The API endpoint and the demo's activity both come through here.
    /// </summary>
    public SandboxOutOfOffice AddOutOfOffice(int userId, DateTimeOffset start, DateTimeOffset end, string reason, string? notes, int? toUserId)
    {
        var entry = new SandboxOutOfOffice
        {
            Id = state.NextOutOfOfficeId(), Uuid = Guid.NewGuid().ToString(), UserId = userId, ToUserId = toUserId,
            Start = start, End = end, Notes = notes, Reason = reason, CreatedAt = state.Now, UpdatedAt = state.Now,
        };
        state.OutOfOffice.Add(entry);
        webhooks.PublishOutOfOffice(entry);
        return entry;
    }
}
