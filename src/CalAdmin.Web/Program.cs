using CalAdmin.Web.Components;
using CalAdmin.Web.Data;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddCalAdminSettings();
builder.AddCalAdminLogging();
builder.AddCalAdminData();
builder.AddCalAdminIdentity();
builder.AddCalAdminHealth();
builder.AddCalCom();
builder.Services.AddScoped<CalAdmin.Web.Features.Home.HomeFigures>();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
    // Cal.com treats a redirect as a failed delivery, so the webhook endpoint is never redirected to HTTPS.
    app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/webhooks"), https => https.UseHttpsRedirection());
}
app.UseCalAdminRequestLogging();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapCalAdminHealth();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();

await app.PrepareCalAdminAsync();
await app.RunAsync();

public partial class Program;
