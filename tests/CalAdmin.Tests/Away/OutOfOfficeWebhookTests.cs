using System.Net;
using CalAdmin.Tests.Webhooks;
using CalAdmin.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Away;

/// <summary>OOO_CREATED through /webhooks/calcom into the out-of-office mirror, once however often it arrives.</summary>
public sealed class OutOfOfficeWebhookTests : IAsyncLifetime
{
    private readonly WebhookHost host = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = host.CreateBrowserClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Cal_coms_example_delivery_becomes_one_away_entry_of_its_user_and_tells_open_pages()
    {
        var body = File.ReadAllText(Path.Combine(TestPaths.WebhookPayloads, "ooo_created.json"));
        var notices = new List<ChangeNotice>();
        using var _ = host.Services.GetRequiredService<IChangeFeed>().Subscribe(n => { lock (notices) notices.Add(n); return Task.CompletedTask; });

        Assert.Equal(HttpStatusCode.OK, (await client.PostSignedAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostSignedAsync(body)).StatusCode);
        await host.WaitForIdleAsync();

        var entry = Assert.Single(await host.QueryAsync(db => db.AwayEntries.Include(a => a.Host).ToListAsync()));
        Assert.Equal(100, entry.CalComId);
        Assert.Equal(1, entry.Host.CalComUserId);
        Assert.Equal(new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc), entry.StartUtc);
        Assert.Equal(new DateTime(2024, 1, 7, 23, 59, 59, DateTimeKind.Utc), entry.EndUtc);
        Assert.Equal("vacation", entry.Reason);
        Assert.Equal("Holiday Leave", entry.Notes);
        await Eventually.TrueAsync(() => { lock (notices) return notices.Any(n => n.Topic == ChangeNotice.Away && n.Ids.Contains("100")); }, "an away notice");
    }
}
