using CalAdmin.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CalAdmin.Web.Data;

public static class DataSetup
{
    /// <summary>
    /// Registers one <see cref="IDbContextFactory{AppDbContext}"/> (pages and jobs make a short-lived context per operation)
    /// and a scoped <see cref="AppDbContext"/> for Identity and health checks. The provider's subclass is what runs,
    /// so each provider applies its own migration set.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminData(this WebApplicationBuilder builder)
    {
        var options = BuildOptions(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory>();
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return builder;
    }

    public static AppDbContextOptions BuildOptions(IConfiguration config, string contentRoot)
    {
        var db = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        if (db.ParsedProvider == DatabaseProvider.SqlServer)
        {
            builder.UseSqlServer(config.GetConnectionString("SqlServer"), sql => sql.EnableRetryOnFailure());
            return new AppDbContextOptions(DatabaseProvider.SqlServer, builder.Options, db.ShouldMigrateOnStartup);
        }

        var connectionString = SqliteConnectionString(config, contentRoot);
        builder.UseSqlite(connectionString).AddInterceptors(new SqliteDurability());
        return new AppDbContextOptions(DatabaseProvider.Sqlite, builder.Options, db.ShouldMigrateOnStartup);
    }

    /// <summary><c>ConnectionStrings:Sqlite</c>, or a file in the app's data folder; relative paths are under the content root.</summary>
    public static string SqliteConnectionString(IConfiguration config, string contentRoot)
    {
        var configured = config.GetConnectionString("Sqlite");
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/caladmin.db" : configured);
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
        // Readers never block the webhook writer, and a busy writer is waited for instead of failing.
        csb.Pooling = true;
        csb.DefaultTimeout = 30;
        return csb.ToString();
    }

    /// <summary>Creates or upgrades the database when <c>Database:MigrateOnStartup</c> says so.</summary>
    public static async Task MigrateCalAdminDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AppDbContextOptions>();
        if (!options.MigrateOnStartup) return;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await db.Database.MigrateAsync();
        if (options.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}

/// <summary>
/// WAL with synchronous=NORMAL: a commit survives the process dying (it is in the WAL file), and the webhook
/// endpoint does not wait for an fsync per delivery. Only a power cut can lose the last commits.
/// </summary>
internal sealed class SqliteDurability : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}

public sealed record AppDbContextOptions(DatabaseProvider Provider, DbContextOptions<AppDbContext> Options, bool MigrateOnStartup);

public sealed class AppDbContextFactory(AppDbContextOptions options) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => options.Provider switch
    {
        DatabaseProvider.SqlServer => new SqlServerAppDbContext(options.Options),
        _ => new SqliteAppDbContext(options.Options),
    };
}
