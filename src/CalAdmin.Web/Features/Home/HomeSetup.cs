namespace CalAdmin.Web.Features.Home;

public static class HomeSetup
{
    /// <summary>The home page's figures (the business's and the manager's overview).</summary>
    public static WebApplicationBuilder AddHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddHome();
        return builder;
    }

    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<HomeFigures>();
        services.AddScoped<FrontDesk>();
        return services;
    }
}
