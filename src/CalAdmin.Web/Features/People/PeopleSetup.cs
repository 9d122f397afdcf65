namespace CalAdmin.Web.Features.People;

public static class PeopleSetup
{
    /// <summary>A person's page, the app bar's search and the no-show warning of New booking.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<PeopleDirectory>();
        return services;
    }
}
