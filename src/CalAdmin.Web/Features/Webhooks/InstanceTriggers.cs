using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Webhooks;

namespace CalAdmin.Web.Features.Webhooks;

/// <summary>
/// The triggers the connected Cal.com refused when CalAdmin subscribed. Cal.com's 400 names no trigger, so CalAdmin
/// learns this by retrying without the triggers older builds lack, and remembers it (per Cal.com address) so the
/// next subscription asks once and subscription health can say why a trigger is missing.
/// </summary>
public sealed class InstanceTriggers(CalComConnection connection)
{
    /// <summary>Triggers that Cal.com builds up to late 2025 do not know, and what CalAdmin does without each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Newer = new Dictionary<string, string>
    {
        [Triggers.Reassigned] = "host changes made in Cal.com arrive through reconciliation instead",
    };

    private readonly Lock gate = new();
    private readonly HashSet<string> unknown = [];
    private Uri? learnedFrom;

    /// <summary>Triggers this Cal.com refused, empty until a subscription attempt taught CalAdmin otherwise.</summary>
    public IReadOnlyCollection<string> Unknown
    {
        get { lock (gate) return SameInstance() ? unknown.ToArray() : []; }
    }

    public void MarkUnknown(IEnumerable<string> triggers)
    {
        lock (gate)
        {
            if (!SameInstance()) unknown.Clear();
            learnedFrom = connection.BaseUrl;
            unknown.UnionWith(triggers);
        }
    }

    /// <summary>Why a trigger is missing on a subscription, in a sentence for an administrator.</summary>
    public string Why(string trigger) => Unknown.Contains(trigger)
        ? $"this Cal.com does not know {trigger}: {Newer.GetValueOrDefault(trigger, "CalAdmin learns of these changes through reconciliation instead")}"
        : "not subscribed yet: press \"Create the missing ones\"";

    private bool SameInstance() => learnedFrom is not null && learnedFrom == connection.BaseUrl;
}
