using CalAdmin.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CalAdmin.Tests.Data;

/// <summary>Both providers' migration sets must build the current model (CI also runs dotnet ef has-pending-model-changes).</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Sqlite_migrations_apply_to_an_empty_file_and_match_the_model()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("caladmin-migrate-").FullName, "empty.db");
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={file}").Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            Assert.False(db.Database.HasPendingModelChanges(), "The SQLite migrations are behind the model: add a migration.");
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            // Every entity's table exists and can be queried.
            Assert.Equal(0, await db.Bookings.CountAsync());
            Assert.Equal(0, await db.StaffMappings.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync());
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void SqlServer_migrations_match_the_model_and_script_idempotently_without_a_server()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server migrations are behind the model: add a migration.");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Bookings]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Bookings_Uid]", script);
        Assert.Contains("CREATE INDEX [IX_BookingHosts_HostId_StartUtc]", script);
        Assert.Contains("IF NOT EXISTS", script);
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);

        Assert.Equal(Names(sqlite), Names(sqlServer));
    }
}
