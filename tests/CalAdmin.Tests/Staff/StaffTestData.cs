using System.Security.Claims;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Staff;

/// <summary>Actors and a small, fixed set of hosts, staff and mappings, written straight through the app's DbContext factory.</summary>
public static class StaffTestData
{
    public static readonly DateTime Seeded = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public static ClaimsPrincipal Principal(string name, params string[] roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, name + "-id"), new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
            "Test"));

    public static ClaimsPrincipal Admin(string name = "ada@test.local") => Principal(name, Roles.Admin);

    public static async Task SeedAsync(IServiceProvider services, Action<AppDbContext> seed)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        seed(db);
        await db.SaveChangesAsync();
    }

    public static StaffMember NewStaff(string name, string email, bool active = true, string? department = null) => new()
    {
        Name = name, Email = email, NormalizedEmail = StaffMember.NormalizeEmail(email), Department = department, Active = active, CreatedAt = Seeded, UpdatedAt = Seeded,
    };

    public static Host NewHost(int calComUserId, string? name, string? email, bool active = true, bool needsReview = false) => new()
    {
        CalComUserId = calComUserId, Name = name, Email = email, NormalizedEmail = email is null ? null : StaffMember.NormalizeEmail(email),
        Username = name?.Split(' ')[0].ToLowerInvariant(), TimeZone = "Europe/Berlin", TeamRole = "MEMBER",
        Active = active, NeedsReview = needsReview, CreatedAt = Seeded, UpdatedAt = Seeded,
    };

    public static StaffMapping NewMapping(StaffMember staff, int calComUserId, MappingMethod method = MappingMethod.Manual) => new()
    {
        Staff = staff, ExternalId = calComUserId.ToString(), Method = method, CreatedBy = "seed", CreatedAt = Seeded, UpdatedBy = "seed", UpdatedAt = Seeded,
    };

    public const string XssName = "<img src=x onerror=alert(1)>";

    /// <summary>
    /// The health data set. Expected: mapped 4 (101, 102, 103, 107), hosts without staff 3 (104, 105, 108),
    /// staff without host 1 (Dan; Eve is inactive), orphaned 1 (106 inactive), conflicts 3 (103 email changed at Cal.com;
    /// 104 and 105 share one email), waiting for review 1 (107 created from a webhook). Host 109 is inactive and unmapped: not counted.
    /// </summary>
    public static Task SeedHealthSetAsync(IServiceProvider services) => SeedAsync(services, db =>
    {
        var alice = NewStaff("Alice Archer", "alice@x.test");
        var bob = NewStaff("Bob Baker", "bob@x.test");
        var carol = NewStaff("Carol Cook", "carol@x.test");
        var dan = NewStaff("Dan Dyer", "dan@x.test");
        var eve = NewStaff("Eve Evans", "eve@x.test", active: false);
        var frank = NewStaff("Frank Fox", "frank@x.test");
        var gina = NewStaff("Gina Gold", "gina@x.test");
        db.Staff.AddRange(alice, bob, carol, dan, eve, frank, gina);
        db.Hosts.AddRange(
            NewHost(101, "Alice Archer", "alice@x.test"),
            NewHost(102, "Bob Baker", " BOB@x.test"),
            NewHost(103, "Carol Cook", "carol.new@x.test"),
            NewHost(104, "Shared One", "shared@x.test"),
            NewHost(105, "Shared Two", "Shared@x.test"),
            NewHost(106, "Frank Fox", "frank@x.test", active: false),
            NewHost(107, "Gina Gold", "gina@x.test", needsReview: true),
            NewHost(108, XssName, "xss@x.test"),
            NewHost(109, "Gone Away", "gone@x.test", active: false));
        db.StaffMappings.AddRange(
            NewMapping(alice, 101),
            NewMapping(bob, 102, MappingMethod.AutoByEmail),
            NewMapping(carol, 103),
            NewMapping(frank, 106),
            NewMapping(gina, 107, MappingMethod.CreatedFromWebhook));
    });
}
