using CalAdmin.Tests.Infrastructure;
using CalAdmin.Tests.Sync;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Tests.Reconcile;

/// <summary>The reconciliation schedule, its settings and "Reconcile now", through the real host.</summary>
public sealed class ReconcileScheduleTests
{
    [Fact]
    public async Task Reconciliation_is_a_recurring_job_every_fifteen_minutes_by_default()
    {
        await using var factory = new CalAdminFactory();
        factory.CreateClient().Dispose();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().Single(j => j.Id == ReconcileJob.RecurringJobId);
        Assert.Equal(("*/15 * * * *", "UTC", typeof(ReconcileJob)), (recurring.Cron, recurring.TimeZoneId, recurring.Job.Type));
    }

    [Fact]
    public async Task The_schedule_comes_from_CalAdmin_Reconcile_Cron()
    {
        await using var factory = new CalAdminFactory();
        factory.Settings["CalAdmin:Reconcile:Cron"] = "*/5 * * * *";
        factory.CreateClient().Dispose();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("*/5 * * * *", connection.GetRecurringJobs().Single(j => j.Id == ReconcileJob.RecurringJobId).Cron);
    }

    [Theory]
    [InlineData("CalAdmin:Reconcile:Cron", "every quarter hour", "CalAdmin:Reconcile:Cron 'every quarter hour' is not a valid cron expression")]
    [InlineData("CalAdmin:Reconcile:OverlapMinutes", "-1", "CalAdmin:Reconcile:OverlapMinutes must be between 0 and 1440")]
    [InlineData("CalAdmin:Reconcile:FirstRunLookbackHours", "0", "CalAdmin:Reconcile:FirstRunLookbackHours must be between 1 and 8784")]
    public async Task A_bad_reconciliation_setting_stops_startup_with_a_message_naming_it(string key, string value, string expected)
    {
        await using var factory = new CalAdminFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var settingsError = Assert.IsType<InvalidSettingsException>(error.GetBaseException());
        Assert.Contains(expected, settingsError.Message);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Only_admins_may_start_a_reconciliation(string role)
    {
        await using var factory = new CalAdminFactory();
        factory.CreateClient().Dispose();
        await using var scope = factory.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => scope.ServiceProvider.GetRequiredService<ReconcileCommands>().ReconcileNowAsync(SyncTestData.User(role)));
    }

    [Fact]
    public async Task Reconcile_now_queues_a_manual_reconciliation_job()
    {
        await using var factory = new CalAdminFactory();
        factory.CreateClient().Dispose();
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcileCommands>().ReconcileNowAsync(SyncTestData.Admin);

        Assert.True(result.Succeeded, result.Error);
        var jobId = result.Message!.Split("job ")[1].TrimEnd(')', '.');
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetJobData(jobId)!.Job;
        Assert.Equal((typeof(ReconcileJob), nameof(ReconcileJob.RunAsync), (object)SyncTrigger.Manual), (job.Type, job.Method.Name, job.Args[0]));
    }

    [Fact]
    public async Task An_admin_sees_the_reconciliation_section_and_its_button_on_the_Sync_page()
    {
        await using var factory = new CalAdminFactory();
        var client = factory.CreateBrowserClient();
        var signIn = await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);
        Assert.True(signIn.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Found, signIn.StatusCode.ToString());

        var html = await client.GetStringAsync("/sync");

        Assert.Contains("data-testid=\"reconcile-now\"", html);
        Assert.Contains("data-testid=\"reconcile-runs\"", html);
        Assert.Contains("*/15 * * * *", html);
        Assert.Contains("No reconciliation has run yet.", html);
    }
}
