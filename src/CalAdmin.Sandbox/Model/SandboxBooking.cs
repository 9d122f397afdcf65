namespace CalAdmin.Sandbox.Model;

/// <summary>Booking statuses as API v2 (2024-08-13) writes them.</summary>
public static class BookingStatuses
{
    public const string Accepted = "accepted";
    public const string Pending = "pending";
    public const string Cancelled = "cancelled";
    public const string Rejected = "rejected";

    /// <summary>A booking that still occupies its hosts' time.</summary>
    public static bool BlocksTime(string status) => status is Accepted or Pending;
}

public sealed class SandboxBooking
{
    public required int Id { get; init; }
    public required string Uid { get; init; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public required int EventTypeId { get; init; }
    public required DateTimeOffset Start { get; set; }
    public required DateTimeOffset End { get; set; }
    public string Status { get; set; } = BookingStatuses.Accepted;
    /// <summary>User ids; for round robin exactly one, for collective all hosts.</summary>
    public List<int> HostIds { get; } = [];
    public List<SandboxAttendee> Attendees { get; } = [];
    public List<string> Guests { get; } = [];
    public string Location { get; set; } = "integrations:daily";
    public string? MeetingUrl { get; set; }
    public Dictionary<string, object?> BookingFieldsResponses { get; } = new();
    public Dictionary<string, string> Metadata { get; } = new();
    public string? CancellationReason { get; set; }
    public string? CancelledByEmail { get; set; }
    public string? RejectionReason { get; set; }
    public string? ReschedulingReason { get; set; }
    public string? RescheduledFromUid { get; set; }
    public string? RescheduledToUid { get; set; }
    /// <summary>The <c>rescheduledBy</c> email a reschedule was asked with (on the new booking).</summary>
    public string? RescheduledByEmail { get; set; }
    public bool Rescheduled { get; set; }
    /// <summary>Stored as Cal.com stores it on the booking; its BOOKING_REASSIGNED payload carries no reason.</summary>
    public string? ReassignReason { get; set; }
    public bool AbsentHost { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public int DurationMinutes => (int)(End - Start).TotalMinutes;
}

public sealed class SandboxAttendee
{
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string Language { get; set; } = "en";
    public string? PhoneNumber { get; set; }
    public bool Absent { get; set; }
}
