using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Users;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CalAdmin.Web.Infrastructure;

public static class StartupSetup
{
    /// <summary>Binds and checks every setting before anything else runs, naming the bad setting when one is wrong.</summary>
    public static WebApplicationBuilder AddCalAdminSettings(this WebApplicationBuilder builder)
    {
        var errors = SettingsValidation.Validate(builder.Configuration, builder.Environment.ContentRootPath, builder.Environment);
        if (errors.Count > 0) throw new InvalidSettingsException(errors);

        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddOptions<CalAdminOptions>().BindConfiguration(CalAdminOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Creates the database, the roles and the first users, then tells the person at the console where to go.</summary>
    public static async Task PrepareCalAdminAsync(this WebApplication app)
    {
        await app.MigrateCalAdminDatabaseAsync();

        IReadOnlyList<(string Email, string Role, string Password)> demoUsers;
        await using (var scope = app.Services.CreateAsyncScope())
            demoUsers = await scope.ServiceProvider.GetRequiredService<UserBootstrap>().RunAsync();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            // Written to the console only, never to a logger: these passwords must not reach a log file.
            var console = Console.Out;
            console.WriteLine();
            console.WriteLine($"CalAdmin is running at {string.Join(", ", addresses)}");
            // Outside Development the console is a container or journald log that others read: no passwords there.
            if (demoUsers.Count > 0 && app.Environment.IsDevelopment())
            {
                console.WriteLine("Sign in with one of these demo accounts (passwords are shown this once):");
                foreach (var (email, role, password) in demoUsers)
                    console.WriteLine($"  {role,-8} {email,-26} {password}");
            }
            else if (demoUsers.Count > 0)
            {
                console.WriteLine($"Created the demo accounts {string.Join(", ", demoUsers.Select(d => d.Email))} (CalAdmin:Demo=true).");
                console.WriteLine("Their passwords are shown only in Development: an admin sets them on Admin → Users.");
            }
            else if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<AppDbContextOptions>().Provider == DatabaseProvider.Sqlite)
            {
                console.WriteLine("Sign in with the demo accounts printed at first start (admin@caladmin.local, manager@caladmin.local, staff@caladmin.local).");
                console.WriteLine("Lost them? Stop CalAdmin, delete src/CalAdmin.Web/data/ and start again for new ones.");
            }
            console.WriteLine();
        });
    }
}
