namespace CalAdmin.Web.Features.Sync;

/// <summary>One run of the Cal.com team-member sync.</summary>
public class SyncRun
{
    public int Id { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    public int RequestsMade { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Deactivated { get; set; }
    public int AutoMapped { get; set; }
    public int Conflicts { get; set; }
    public string? Error { get; set; }
}

public enum SyncTrigger
{
    Schedule = 0,
    Manual = 1,
    Startup = 2,
}
