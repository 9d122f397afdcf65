namespace CalAdmin.Web.Features.Staff;

/// <summary>
/// Told after staff or mappings changed, so open pages elsewhere can refresh. The default does nothing;
/// the change feed replaces this registration.
/// </summary>
public interface IMappingChangeNotifier
{
    Task MappingsChangedAsync();
}

public sealed class NoMappingChangeNotifier : IMappingChangeNotifier
{
    public Task MappingsChangedAsync() => Task.CompletedTask;
}
