using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Benchmarks;

/// <summary>
/// The least a webhook receiver can do: verify the signature and insert the raw body into SQLite (same WAL file
/// settings as the dashboard). The dashboard's endpoint is measured against this.
/// </summary>
public static class BaselineServer
{
    public static async Task<int> RunAsync(string database, string secret)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Pooling = true, DefaultTimeout = 30 }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            var create = setup.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS Deliveries (Id INTEGER PRIMARY KEY, ReceivedAt TEXT NOT NULL, Body TEXT NOT NULL);";
            await create.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string[] secrets = [secret];
        app.MapPost(WebhookEndpoint.Path, async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (!WebhookSignature.IsValid(body, request.Headers[WebhookSignature.Header].ToString(), secrets)) return Results.Unauthorized();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            var insert = connection.CreateCommand();
            // The same durability setting as the dashboard's connections.
            insert.CommandText = "PRAGMA synchronous=NORMAL; INSERT INTO Deliveries (ReceivedAt, Body) VALUES ($at, $body)";
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
            insert.Parameters.AddWithValue("$body", System.Text.Encoding.UTF8.GetString(body));
            await insert.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        await app.StartAsync();
        Console.WriteLine($"Baseline listening at {app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
