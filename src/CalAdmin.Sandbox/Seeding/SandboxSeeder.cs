using CalAdmin.Sandbox.Model;
using CalAdmin.Sandbox.Slots;

namespace CalAdmin.Sandbox.Seeding;

/// <summary>
/// Fills a <see cref="SandboxState"/> with a believable account: one organization, one team, its members
/// across time zones, event types of every scheduling kind and bookings around "now". Same seed, same data.
/// </summary>
internal static class SandboxSeeder
{
    private static readonly string[] FirstNames =
        ["Anna", "Jürgen", "Priya", "Mateo", "Chloé", "Sören", "Aiko", "Oluwaseun", "Zoë", "Rahul", "Émile", "Małgorzata",
         "Liam", "Søren", "Fatima", "Noah", "Inés", "Björn", "Mei", "Diego", "Ana", "Kenji", "Léa", "Tomás"];

    private static readonly string[] LastNames =
        ["Müller", "Sharma", "García", "Dubois", "Nakamura", "Okafor", "Schäfer", "Kowalski", "Andersson", "Rossi",
         "O'Brien", "Fernández", "Yılmaz", "Novák", "Lefèvre", "Patel", "Kim", "Nguyễn", "Weiß", "Costa"];

    private static readonly (string Zone, WorkingHours Hours)[] Schedules =
    [
        ("Europe/Berlin", WorkingHours.NineToFive),
        ("America/New_York", WorkingHours.NineToFive),
        ("Asia/Kolkata", WorkingHours.NineToFive with { Start = new TimeOnly(10, 0), End = new TimeOnly(18, 0) }),
        ("UTC", WorkingHours.NineToFive with { Start = new TimeOnly(8, 0), End = new TimeOnly(16, 0) }),
        ("Europe/London", WorkingHours.NineToFive),
        ("America/Los_Angeles", WorkingHours.NineToFive with { Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday] }),
    ];

    public static void Seed(SandboxState state, SandboxOptions options)
    {
        var random = new Random(options.Seed);
        state.StartIdsAt(user: 100, membership: 5000, booking: 9000, eventType: 2000);
        SeedMembers(state, random, Math.Max(1, options.TeamSize), options.TimeZone);
        state.MeUserId = state.Users[0].Id;
        SeedEventTypes(state);
        SeedBookings(state, random, options.BookingCount);
    }

    /// <summary>The members, each in the business's <paramref name="businessZone"/> when there is one, else spread over <see cref="Schedules"/>.</summary>
    private static void SeedMembers(SandboxState state, Random random, int teamSize, string? businessZone)
    {
        var now = state.Now;
        for (var i = 0; i < teamSize; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var (zone, hours) = Schedules[i % Schedules.Length];
            var username = $"{Ascii(first)}-{Ascii(last)}-{i + 1}";
            state.Users.Add(new SandboxUser
            {
                Id = state.NextUserId(),
                Name = $"{first} {last}",
                Email = $"{username}@sandbox.example.com",
                Username = username,
                TimeZone = businessZone ?? zone,
                WorkingHours = hours,
                Role = i == 0 ? "OWNER" : i < 3 ? "ADMIN" : "MEMBER",
                // One unaccepted invitation in larger teams, because real teams have them.
                Accepted = !(i == teamSize - 1 && teamSize > 5),
                MembershipId = state.NextMembershipId(),
                OrgMembershipId = state.NextMembershipId(),
                CreatedDate = now.AddDays(-400 + i % 300),
            });
        }
    }

    private static string Ascii(string name) =>
        new string(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').ToArray()).ToLowerInvariant();

    private static void SeedEventTypes(SandboxState state)
    {
        var members = state.Users.Where(u => u.Accepted).ToList();
        var teamId = state.Team.Id;
        List<int> Pick(int from, int count) => members.Skip(from).Take(count).Select(u => u.Id).ToList();

        var discovery = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Discovery Call", Slug = "discovery-call", LengthInMinutes = 30,
            TeamId = teamId, SchedulingType = SchedulingTypes.RoundRobin, Description = "A first conversation with our team.",
        });
        var priority = 0;
        foreach (var id in Pick(0, 6))
            discovery.Hosts.Add(new EventTypeHost(id, Priority: priority++ % 5));

        var onboarding = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Team Onboarding", Slug = "team-onboarding", LengthInMinutes = 60,
            TeamId = teamId, SchedulingType = SchedulingTypes.Collective,
        });
        // Berlin, New York and UTC members: their working hours overlap in the afternoon UTC, so the intersection is not empty.
        onboarding.Hosts.AddRange(new[] { 0, 1, 3 }.Where(i => i < members.Count).Select(i => new EventTypeHost(members[i].Id, Mandatory: true)));

        var support = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Support Session", Slug = "support-session", LengthInMinutes = 30,
            TeamId = teamId, SchedulingType = SchedulingTypes.Managed,
        });
        support.Hosts.AddRange(Pick(3, 3).Select(id => new EventTypeHost(id)));
        foreach (var host in support.Hosts.ToList())
            Add(state, new SandboxEventType
            {
                Id = state.NextEventTypeId(), Title = support.Title, Slug = support.Slug, LengthInMinutes = support.LengthInMinutes,
                OwnerId = host.UserId, ParentEventTypeId = support.Id, SchedulingType = SchedulingTypes.Managed,
            });

        var demo = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Enterprise Demo", Slug = "enterprise-demo", LengthInMinutes = 45,
            TeamId = teamId, SchedulingType = SchedulingTypes.RoundRobin, RequiresConfirmation = true, BlockUnconfirmedBookings = true,
        });
        demo.Hosts.AddRange(Pick(0, 4).Select((id, i) => new EventTypeHost(id, Priority: i == 0 ? 4 : 2)));

        var consultation = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Car Detailing Consultation", Slug = "car-detailing-consultation",
            LengthInMinutes = 30, TeamId = teamId, SchedulingType = SchedulingTypes.RoundRobin, AssignAllTeamMembers = true,
        });
        consultation.BookingFields.Add(new BookingField("carModel", "text", "Car make and model", Required: true, "e.g. VW Golf"));
        consultation.BookingFields.Add(new BookingField("serviceNotes", "textarea", "Anything we should know?", Required: false));

        // A multi-length event type (Cal.com's multipleDuration): 15 minutes unless the booker picks 30 or 45.
        var quick = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "15 Min Meeting", Slug = "15min", LengthInMinutes = 15, OwnerId = state.MeUserId,
        });
        quick.LengthOptions.AddRange([15, 30, 45]);

        // Round robin with a fixed host: Cal.com books every fixed (mandatory) host plus one round-robin host. The UTC
        // member is fixed; the Berlin and London members (same hours in UTC in winter) take turns.
        if (members.Count < 7) return;
        var survey = Add(state, new SandboxEventType
        {
            Id = state.NextEventTypeId(), Title = "Site Survey", Slug = FixedHostSlug, LengthInMinutes = 60,
            TeamId = teamId, SchedulingType = SchedulingTypes.RoundRobin, Description = "An engineer and a surveyor visit the site.",
        });
        survey.Hosts.Add(new EventTypeHost(members[3].Id, Mandatory: true));
        survey.Hosts.AddRange(new[] { 0, 4, 6 }.Select(i => new EventTypeHost(members[i].Id)));
    }

    /// <summary>The round-robin event type with a fixed host; added after the others, so it has no seeded bookings.</summary>
    public const string FixedHostSlug = "site-survey";

    private static SandboxEventType Add(SandboxState state, SandboxEventType eventType)
    {
        state.EventTypes.Add(eventType);
        return eventType;
    }

    private static void SeedBookings(SandboxState state, Random random, int count)
    {
        var now = state.Now;
        var availability = new Availability(state);
        // Site Survey came later: leaving it out keeps the bookings one seed makes the same as before it existed.
        var bookable = state.EventTypes.Where(e => !(e.SchedulingType == SchedulingTypes.Managed && e.IsTeamEvent) && e.Slug != FixedHostSlug).ToList();
        for (var attempt = 0; attempt < count * 4 && state.Bookings.Count < count; attempt++)
        {
            var eventType = bookable[random.Next(bookable.Count)];
            var hosts = state.HostsOf(eventType);
            if (hosts.Count == 0) continue;
            var organizer = state.FindUser(hosts[random.Next(hosts.Count)].UserId)!;
            var day = now.Date.AddDays(random.Next(-21, 22));
            var intervals = Availability.WorkingIntervals(organizer, new DateTimeOffset(day, TimeSpan.Zero), new DateTimeOffset(day.AddDays(1), TimeSpan.Zero)).ToList();
            if (intervals.Count == 0) continue;
            var (workStart, workEnd) = intervals[random.Next(intervals.Count)];
            var length = TimeSpan.FromMinutes(eventType.LengthInMinutes);
            var slots = (int)((workEnd - workStart) / length);
            if (slots <= 0) continue;
            var start = workStart + length * random.Next(slots);
            var end = start + length;

            var hostIds = eventType.SchedulingType == SchedulingTypes.Collective ? hosts.Select(h => h.UserId).ToList() : [organizer.Id];
            if (hostIds.Any(id => !availability.IsHostFree(id, start, end, null))) continue;

            var created = start.AddDays(-random.Next(1, 14));
            var attendeeName = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            var booking = new SandboxBooking
            {
                Id = state.NextBookingId(),
                Uid = state.NewUid(),
                Title = $"{eventType.Title} between {organizer.Name} and {attendeeName}",
                EventTypeId = eventType.Id,
                Start = start,
                End = end,
                CreatedAt = created < now ? created : now.AddDays(-1),
            };
            booking.UpdatedAt = booking.CreatedAt;
            booking.HostIds.AddRange(hostIds);
            var attendeeEmail = $"{Ascii(attendeeName.Split(' ')[0])}.{booking.Id}@customer.example.org";
            booking.Attendees.Add(new SandboxAttendee
            {
                Name = attendeeName, Email = attendeeEmail, TimeZone = Schedules[random.Next(Schedules.Length)].Zone,
                PhoneNumber = random.Next(3) == 0 ? $"+4915{random.Next(10000000, 99999999)}" : null,
            });
            booking.BookingFieldsResponses["name"] = attendeeName;
            booking.BookingFieldsResponses["email"] = attendeeEmail;
            foreach (var field in eventType.BookingFields.Where(f => f.Required))
                booking.BookingFieldsResponses[field.Slug] = "VW Golf";
            booking.MeetingUrl = $"https://app.cal.com/video/{booking.Uid}";

            var roll = random.Next(100);
            if (roll < 10)
            {
                booking.Status = BookingStatuses.Cancelled;
                booking.CancellationReason = "Customer can no longer make it";
                booking.UpdatedAt = booking.CreatedAt.AddHours(random.Next(1, 48));
            }
            else if (eventType.RequiresConfirmation)
            {
                booking.Status = start > now ? (roll < 60 ? BookingStatuses.Pending : BookingStatuses.Accepted)
                    : roll < 20 ? BookingStatuses.Rejected : BookingStatuses.Accepted;
                if (booking.Status == BookingStatuses.Rejected) booking.RejectionReason = "Outside our service area";
            }
            else if (end < now && roll < 15)
            {
                booking.Attendees[0].Absent = true;
            }

            if (booking.UpdatedAt > now) booking.UpdatedAt = now;
            state.Bookings.Add(booking);
        }

        EnsureEveryStatus(state, now);
    }

    /// <summary>
    /// Random days and rolls alone leave a status out on some dates (the weekday decides which days have working
    /// hours), so whatever "now" the sandbox is given, its demo data shows each status: a pending and a rejected
    /// booking of an event type that needs confirmation, a cancelled one and a past one with an absent attendee.
    /// Only a missing status is added, by changing an accepted booking; the rest of the seeded data stays as it was.
    /// </summary>
    private static void EnsureEveryStatus(SandboxState state, DateTimeOffset now)
    {
        bool Confirms(SandboxBooking b) => state.FindEventType(b.EventTypeId)?.RequiresConfirmation == true;
        bool Plain(SandboxBooking b) => b.Status == BookingStatuses.Accepted && b.Attendees.All(a => !a.Absent);
        var bookings = state.Bookings.OrderBy(b => b.Start).ToList();

        if (!bookings.Any(b => b.Status == BookingStatuses.Pending)
            && bookings.FirstOrDefault(b => Plain(b) && Confirms(b) && b.Start > now) is { } pending)
            pending.Status = BookingStatuses.Pending;

        if (!bookings.Any(b => b.Status == BookingStatuses.Rejected)
            && bookings.LastOrDefault(b => Plain(b) && Confirms(b) && b.End < now) is { } rejected)
        {
            rejected.Status = BookingStatuses.Rejected;
            rejected.RejectionReason = "Outside our service area";
        }

        if (!bookings.Any(b => b.Status == BookingStatuses.Cancelled)
            && bookings.LastOrDefault(b => Plain(b) && !Confirms(b)) is { } cancelled)
        {
            cancelled.Status = BookingStatuses.Cancelled;
            cancelled.CancellationReason = "Customer can no longer make it";
        }

        if (!bookings.Any(b => b.Attendees.Any(a => a.Absent))
            && bookings.FirstOrDefault(b => Plain(b) && !Confirms(b) && b.End < now) is { } missed)
            missed.Attendees[0].Absent = true;
    }
}
