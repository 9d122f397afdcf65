using CalAdmin.Web.Infrastructure;

namespace CalAdmin.Web.Features.Staff;

/// <summary>Told after staff or mappings changed, so open pages elsewhere refresh.</summary>
public interface IMappingChangeNotifier
{
    Task MappingsChangedAsync();
}

/// <summary>Publishes the change on the change feed, which every open Hosts, Staff and Mappings page listens to.</summary>
public sealed class ChangeFeedMappingNotifier(IChangeFeed feed) : IMappingChangeNotifier
{
    public Task MappingsChangedAsync()
    {
        feed.Publish(new ChangeNotice(ChangeNotice.Mappings, []));
        return Task.CompletedTask;
    }
}
