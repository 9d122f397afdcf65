using CalAdmin.Web.Components;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Insights;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Integrations.CalCom.Webhooks;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Sandbox;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddCalAdminSettings();
builder.AddCalAdminLogging();
builder.AddCalAdminData();
builder.AddCalAdminIdentity();
builder.AddCalAdminProductionSafety();
builder.AddCalAdminSecurityHeaders();
builder.AddCalAdminDataProtection();
builder.AddCalAdminForwardedHeaders();
builder.AddCalAdminHealth();
builder.AddCalCom();
builder.AddEmbeddedSandbox();
builder.AddCalAdminChangeFeed();
builder.AddCalComWebhooks();
builder.AddCalComWebhookFloodGuard();
builder.AddStaffAndHosts();
builder.AddBookings();
builder.AddReassignments();
builder.AddInsights();
builder.AddCalAdminJobs();
builder.Services.AddScoped<CalAdmin.Web.Features.Home.HomeFigures>();
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
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
app.UseRateLimiter();
app.UseTwoFactorRequirement();
// The not-found page is for pages asked for by address; a refused form post (e.g. a missing antiforgery token, 400)
// keeps its own status and body: re-executing it would meet the failed antiforgery check again and turn it into a 500.
app.UseWhen(ctx => HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapCalAdminHealth();
app.MapCalComWebhook();
app.MapStaffExports();
app.MapBookingExports();
app.MapReassignmentExports();
app.MapInsights();
app.MapCalAdminJobs();
app.MapBenchmarkEndpoints();
CalAdmin.Web.Features.Users.UserPreferences.MapDarkModeSwitch(app);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();

await app.PrepareCalAdminAsync();
await app.RunAsync();

// Lets WebApplicationFactory find this entry point.
public partial class Program;
