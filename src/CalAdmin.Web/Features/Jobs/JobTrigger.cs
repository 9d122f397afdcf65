namespace CalAdmin.Web.Features.Jobs;

/// <summary>What started a leased run (the team sync, the booking import, reconciliation); stored as its number.</summary>
public enum SyncTrigger
{
    Schedule = 0,
    Manual = 1,
    Startup = 2,
}

/// <summary>Thrown so Hangfire records the failure and retries; the run's own row already holds the error.</summary>
public sealed class SyncFailedException(string message) : Exception(message);
