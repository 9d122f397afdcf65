namespace CalAdmin.Web.Features.Jobs;

/// <summary>
/// A named, expiring lock in the database: whoever holds it may commit. Hangfire already keeps one run at a time per
/// storage; the lease also keeps two processes (or a manual and a scheduled run) from both committing.
/// </summary>
public class JobLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}
