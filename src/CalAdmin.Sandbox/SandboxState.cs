using System.Collections.Concurrent;
using CalAdmin.Sandbox.Model;

namespace CalAdmin.Sandbox;

/// <summary>
/// The in-memory Cal.com account behind the sandbox. One lock guards all of it: the data is small and
/// requests are short, and a single lock keeps multi-step rules (check a slot, then book it) atomic.
/// Tests take <see cref="Gate"/> (or use the helpers) to inspect and change data between requests.
/// </summary>
public sealed class SandboxState
{
    private readonly Random uidRandom;
    private readonly Random webhookIdRandom;
    private int nextUserId;
    private int nextMembershipId;
    private int nextBookingId;
    private int nextEventTypeId;
    private int nextOutOfOfficeId;
    private long requestCount;

    internal SandboxState(TimeProvider clock, int seed)
    {
        Clock = clock;
        uidRandom = new Random(seed);
        webhookIdRandom = new Random(~seed);
    }

    public Lock Gate { get; } = new();
    public TimeProvider Clock { get; }
    public DateTimeOffset Now => Clock.GetUtcNow();

    public SandboxTeam Organization { get; internal set; } = new(1000, "Sandbox Org", "sandbox-org", null, true);
    public SandboxTeam Team { get; internal set; } = new(1001, "Sandbox Team", "sandbox-team", 1000, false);
    /// <summary>The user <see cref="SandboxOptions.ApiKey"/> belongs to; the team owner.</summary>
    public int MeUserId { get; internal set; }

    /// <summary>API key → the user it belongs to. Every request acts as that user (GET /v2/me, roles, user webhooks).</summary>
    public ConcurrentDictionary<string, int> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="key"/> as <paramref name="userId"/>'s API key.</summary>
    public void AddApiKey(string key, int userId) => ApiKeys[key] = userId;

    public List<SandboxUser> Users { get; } = [];
    public List<SandboxEventType> EventTypes { get; } = [];
    public List<SandboxBooking> Bookings { get; } = [];
    public List<SandboxWebhook> Webhooks { get; } = [];
    public List<SlotReservation> Reservations { get; } = [];
    public List<SandboxOutOfOffice> OutOfOffice { get; } = [];

    /// <summary>Requests that reached the sandbox, including refused ones (401, 429, faults).</summary>
    public long RequestCount => Interlocked.Read(ref requestCount);
    public ConcurrentDictionary<string, int> RequestsByPath { get; } = new();

    /// <summary>The newest <see cref="RecentRequestsKept"/> requests with their query strings (e.g. to see which afterUpdatedAt a client sent).</summary>
    public IReadOnlyList<SandboxRequest> RecentRequests => recentRequests.ToArray();

    public const int RecentRequestsKept = 1000;
    private readonly ConcurrentQueue<SandboxRequest> recentRequests = new();

    internal void CountRequest(string method, string path, string query, string? apiVersion = null)
    {
        Interlocked.Increment(ref requestCount);
        RequestsByPath.AddOrUpdate(path, 1, (_, n) => n + 1);
        recentRequests.Enqueue(new SandboxRequest(Now, method, path, query) { ApiVersion = apiVersion });
        while (recentRequests.Count > RecentRequestsKept) recentRequests.TryDequeue(out _);
    }

    public SandboxUser Me => Users.First(u => u.Id == MeUserId);

    public SandboxUser? FindUser(int id) => Users.FirstOrDefault(u => u.Id == id);
    public SandboxEventType? FindEventType(int id) => EventTypes.FirstOrDefault(e => e.Id == id);
    public SandboxBooking? FindBooking(string uid) => Bookings.FirstOrDefault(b => b.Uid == uid);

    /// <summary>The users who can host an event type: every member when it assigns all team members.</summary>
    public IReadOnlyList<EventTypeHost> HostsOf(SandboxEventType eventType)
    {
        if (!eventType.IsTeamEvent)
            return eventType.OwnerId is int owner ? [new EventTypeHost(owner, Mandatory: true)] : [];
        if (eventType.AssignAllTeamMembers)
            return Users.Where(u => u.Accepted).Select(u => new EventTypeHost(u.Id)).ToList();
        return eventType.Hosts.Where(h => FindUser(h.UserId) is not null).ToList();
    }

    /// <summary>Adds a team member (and org member) with default working hours; returns it.</summary>
    public SandboxUser AddMember(string name, string email, string? username = null, string timeZone = "UTC", string role = "MEMBER")
    {
        lock (Gate)
        {
            var user = new SandboxUser
            {
                Id = NextUserId(),
                Name = name,
                Email = email,
                Username = username ?? email.Split('@')[0],
                TimeZone = timeZone,
                WorkingHours = WorkingHours.NineToFive,
                Role = role,
                MembershipId = NextMembershipId(),
                OrgMembershipId = NextMembershipId(),
                CreatedDate = Now,
            };
            Users.Add(user);
            return user;
        }
    }

    /// <summary>Removes a member from the team, the organization and every host list.</summary>
    public bool RemoveMember(int userId)
    {
        lock (Gate)
        {
            foreach (var eventType in EventTypes)
                eventType.Hosts.RemoveAll(h => h.UserId == userId);
            return Users.RemoveAll(u => u.Id == userId) > 0;
        }
    }

    internal int NextUserId() => ++nextUserId;
    internal int NextMembershipId() => ++nextMembershipId;
    internal int NextBookingId() => ++nextBookingId;
    /// <summary>Cal.com's webhook ids are UUID strings; these are version-4 shaped and reproducible from the seed.</summary>
    internal string NextWebhookId()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (webhookIdRandom) webhookIdRandom.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
    internal int NextEventTypeId() => ++nextEventTypeId;
    internal int NextOutOfOfficeId() => ++nextOutOfOfficeId;

    /// <summary>Whether <paramref name="userId"/> has an out-of-office entry overlapping the interval.</summary>
    public bool IsAway(int userId, DateTimeOffset start, DateTimeOffset end) =>
        OutOfOffice.Any(o => o.UserId == userId && o.Covers(start, end));

    internal void StartIdsAt(int user, int membership, int booking, int eventType)
    {
        nextUserId = user;
        nextMembershipId = membership;
        nextBookingId = booking;
        nextEventTypeId = eventType;
    }

    /// <summary>A 22-character uid shaped like Cal.com's (short base62 ids), reproducible from the seed.</summary>
    internal string NewUid()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Span<char> chars = stackalloc char[22];
        lock (uidRandom)
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[uidRandom.Next(alphabet.Length)];
        return new string(chars);
    }
}

/// <summary>One request as it reached the sandbox; <see cref="Query"/> is the raw query string ("?take=100&amp;skip=0" or empty).</summary>
public sealed record SandboxRequest(DateTimeOffset At, string Method, string Path, string Query)
{
    /// <summary>The <c>cal-api-version</c> header the request carried; null when it had none.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The first value of a query parameter, unescaped; null when absent.</summary>
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
