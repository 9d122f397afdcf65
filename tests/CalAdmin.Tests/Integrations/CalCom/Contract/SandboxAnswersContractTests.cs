using System.Collections.Concurrent;
using System.Text.Json;
using CalAdmin.Sandbox;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Dtos;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Integrations.CalCom.Contract;

/// <summary>
/// CalAdmin's client drives the sandbox through the operations it uses, with the cal-api-versions it is configured
/// with, and every answer that comes back (status and body) must be what the contract documents for that operation and
/// version. An operation or version the client starts to use is covered once it is in contract.json.
/// </summary>
public sealed class SandboxAnswersContractTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Exchange> exchanges = new();
    private SandboxServer sandbox = null!;
    private CalComTestHost host = null!;

    private sealed record Exchange(string Method, string Path, string? Version, int Status, string Body);

    public async Task InitializeAsync()
    {
        (sandbox, _, _) = await SandboxTestHost.StartAsync(o => { o.WebhookDeliveryEnabled = false; o.RateLimitPerMinute = 10_000; });
        host = CalComTestHost.Create(sandbox, new Dictionary<string, string?>
        {
            ["OrganizationId"] = sandbox.State.Organization.Id.ToString(),
            ["RequestsPerMinute"] = "10000",
        }, configure: services => services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new Recorder(exchanges))));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Every_answer_to_the_client_is_what_the_contract_documents_for_its_operation_and_version()
    {
        var calCom = host.Client;
        await calCom.GetMeAsync();
        await calCom.GetTeamsAsync();
        await calCom.GetAllMembershipsAsync();
        await calCom.GetAllOrganizationUsersAsync();
        await calCom.GetEventTypesAsync();
        var team = await calCom.GetTeamEventTypesAsync();
        var demo = team.Single(e => e.Slug == "enterprise-demo").Id;
        var roundRobin = team.Single(e => e.Slug == "discovery-call").Id;
        await calCom.GetEventTypeAsync(SandboxTestHost.EventTypeId(sandbox, "15min"));
        await calCom.GetAllBookingsAsync(new CalComBookingFilter(AfterStart: sandbox.State.Now.AddDays(-30), BeforeEnd: sandbox.State.Now.AddDays(30)));
        await calCom.GetAllBookingsAsync(new CalComBookingFilter(Statuses: [CalComBookingListStatuses.Upcoming], AfterUpdatedAt: sandbox.State.Now.AddDays(-3)));
        await calCom.GetAllWebhooksAsync();

        var from = sandbox.State.Now.AddDays(1);
        var slots = (await calCom.GetSlotsAsync(roundRobin, from, from.AddDays(3), "UTC")).SelectMany(d => d.Value).ToList();
        await calCom.ReserveSlotAsync(new ReserveSlotRequest(roundRobin, slots[^1].Start));
        var booking = await calCom.CreateBookingAsync(Booking(roundRobin, slots[0].Start));
        await calCom.GetBookingAsync(booking.Uid);
        var moved = await calCom.RescheduleBookingAsync(booking.Uid, new RescheduleBookingRequest(slots[1].Start, "Traffic"));
        await calCom.CancelBookingAsync(moved.Uid, "Sick");

        var demoSlots = (await calCom.GetSlotsAsync(demo, from, from.AddDays(3), "UTC")).SelectMany(d => d.Value).ToList();
        await calCom.ConfirmBookingAsync((await calCom.CreateBookingAsync(Booking(demo, demoSlots[0].Start))).Uid);
        await calCom.DeclineBookingAsync((await calCom.CreateBookingAsync(Booking(demo, demoSlots[^1].Start))).Uid, "Full");

        // The sandbox runs on a fixed Monday (SandboxTestHost), so its seeded bookings are the same on every run.
        string pastUid, email, upcomingUid;
        lock (sandbox.State.Gate)
        {
            var past = sandbox.State.Bookings.First(b => b.End < sandbox.State.Now && b.Status == "accepted");
            (pastUid, email) = (past.Uid, past.Attendees[0].Email);
            upcomingUid = sandbox.State.Bookings.First(b => b.EventTypeId == roundRobin && b.Start > sandbox.State.Now && b.Status == "accepted").Uid;
        }
        await calCom.MarkAbsentAsync(pastUid, new MarkAbsentRequest(Attendees: [new MarkAbsentAttendee(email, true)]));
        await calCom.ReassignBookingAsync(upcomingUid);

        Assert.NotEmpty(exchanges);
        var problems = new List<string>();
        foreach (var exchange in exchanges)
        {
            var (operation, problem) = CalComContract.Find(exchange.Method, exchange.Path, exchange.Version);
            if (operation is null) { problems.Add(problem); continue; }
            var body = exchange.Body.Length == 0 ? default : JsonDocument.Parse(exchange.Body).RootElement;
            problems.AddRange(KnownDifferences.Unexcused(operation.ToString(), operation.AnswerProblems(exchange.Status, body))
                .Select(p => $"{operation}: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    private static CreateBookingRequest Booking(int eventTypeId, DateTimeOffset start) =>
        new(start, new CreateBookingAttendee("Ana Lima", "America/Sao_Paulo", "ana.lima@customer.example.org"), eventTypeId);

    /// <summary>Outermost handler: sees each call's final answer, after the pipeline's retries.</summary>
    private sealed class Recorder(ConcurrentQueue<Exchange> exchanges) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var version = request.Headers.TryGetValues(CalComApiVersions.Header, out var values) ? values.Single() : null;
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            exchanges.Enqueue(new Exchange(request.Method.Method, request.RequestUri!.AbsolutePath, version, (int)response.StatusCode, body));
            return response;
        }
    }
}
