using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.Webhooks;

/// <summary>The real host with a known webhook secret, and a way to wait until every stored delivery is applied.</summary>
public sealed class WebhookHost : CalAdminFactory
{
    public WebhookHost() => Settings["CalCom:WebhookSecrets:0"] = WebhookClient.Secret;

    public Task WaitForIdleAsync() =>
        Services.GetRequiredService<InboxProcessor>().WaitForIdleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
