using CalAdmin.Web.Features.Jobs;

namespace CalAdmin.Web.Features.Sync;

/// <summary>One run of the Cal.com team-member sync.</summary>
public class SyncRun : ILeasedRunRow
{
    public int Id { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>HTTP requests sent to Cal.com by this run, retries included.</summary>
    public int RequestsMade { get; set; }
    public int PagesFetched { get; set; }
    public int MembersFetched { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Deactivated { get; set; }
    public int AutoMapped { get; set; }
    /// <summary>Conflicts open after this run (see <see cref="SyncConflict"/>).</summary>
    public int Conflicts { get; set; }
    public int EventTypesChanged { get; set; }
    /// <summary>Rows the run's transaction wrote (hosts, event types, staff, mappings, conflicts, audit); 0 when nothing changed.</summary>
    public int RowsWritten { get; set; }
    public string? Error { get; set; }

    public bool Running => FinishedAt is null;
}
