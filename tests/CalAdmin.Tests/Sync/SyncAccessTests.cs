using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Sync;

/// <summary>Who may start a sync and who may open /hangfire, through the real host and its cookie sign-in.</summary>
public sealed class SyncAccessTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Staff_and_managers_cannot_start_a_sync(string role)
    {
        factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<SyncCommands>();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => commands.SyncNowAsync(SyncTestData.User(role)));
    }

    [Fact]
    public async Task An_admin_queues_a_manual_sync_job()
    {
        factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<SyncCommands>().SyncNowAsync(SyncTestData.Admin);

        Assert.True(result.Succeeded, result.Error);
        var jobId = result.Message!.Split("job ")[1].TrimEnd(')', '.');
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetJobData(jobId)!.Job;
        Assert.Equal((typeof(TeamSyncJob), nameof(TeamSyncJob.RunAsync), (object)SyncTrigger.Manual), (job.Type, job.Method.Name, job.Args[0]));
    }

    [Fact]
    public void The_nightly_sync_is_a_recurring_job_at_two_in_the_business_time_zone()
    {
        factory.CreateClient();
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().Single(j => j.Id == TeamSyncJob.RecurringJobId);
        Assert.Equal(("0 2 * * *", "UTC"), (recurring.Cron, recurring.TimeZoneId));
    }

    [Fact]
    public async Task Hangfire_refuses_an_anonymous_request()
    {
        var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Hangfire_refuses_a_signed_in_staff_user_even_from_localhost()
    {
        var client = await SignedInAsync(Roles.Staff);

        foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/stats" })
        {
            var response = await client.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("calcom-team-sync", await response.Content.ReadAsStringAsync());
        }
        var post = await client.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = TeamSyncJob.RecurringJobId }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.NoContent, post.StatusCode);
    }

    [Fact]
    public async Task An_admin_gets_the_dashboard_with_its_commands()
    {
        var client = await SignedInAsync(Roles.Admin);

        var response = await client.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("calcom-team-sync", html);
        Assert.Contains("recurring/trigger", html);
    }

    [Fact]
    public async Task A_manager_gets_the_dashboard_read_only()
    {
        var client = await SignedInAsync(Roles.Manager);

        var response = await client.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("calcom-team-sync", html);
        Assert.DoesNotContain("recurring/trigger", html);
        var post = await client.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = TeamSyncJob.RecurringJobId }));
        Assert.False(post.IsSuccessStatusCode, $"{post.StatusCode}");
    }

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var (email, password) = role == Roles.Admin ? (CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword) : await CreateAsync(role);
        var client = factory.CreateBrowserClient();
        var signIn = await CalAdminFactory.SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private async Task<(string, string)> CreateAsync(string role)
    {
        factory.CreateClient();
        return await factory.CreateUserAsync(role);
    }
}
