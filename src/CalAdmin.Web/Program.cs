using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Audit;
using CalAdmin.Web.Features.Away;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Calendar;
using CalAdmin.Web.Features.DaySheet;
using CalAdmin.Web.Features.Home;
using CalAdmin.Web.Features.Hosts;
using CalAdmin.Web.Features.Reassignments;
using CalAdmin.Web.Features.Insights;
using CalAdmin.Web.Features.Reconcile;
using CalAdmin.Web.Features.Settings;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Sync;
using CalAdmin.Web.Features.Users;
using CalAdmin.Web.Features.Webhooks;
using CalAdmin.Web.Infrastructure;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Sandbox;

var builder = WebApplication.CreateBuilder(args);

// The platform: settings first (they stop a bad start with the setting's name), then what every feature relies on.
builder.AddCalAdminSettings();
builder.AddCalAdminLogging();
builder.AddCalAdminData();
builder.AddCalAdminIdentity();
builder.AddCalAdminProductionSafety();
builder.AddCalAdminSecurityHeaders();
builder.AddCalAdminDataProtection();
builder.AddCalAdminForwardedHeaders();
builder.AddCalAdminHealth();
builder.AddCalAdminChangeFeed();
builder.AddCalAdminPages();
builder.AddCalCom();
builder.AddEmbeddedSandbox();

// The features, each registering its own services and jobs (Features/<Feature>/*Setup.cs).
builder.AddHome();
builder.AddUsers();
builder.AddAudit();
builder.AddStaff();
builder.AddHosts();
builder.AddBookings();
builder.AddCalendar();
builder.AddReassignments();
builder.AddWebhooks();
builder.AddSync();
builder.AddReconciliation();
builder.AddSettings();
builder.AddInsights();
builder.AddAway();
builder.AddDaySheet();

// Last, so that at shutdown its server stops first, before the services its jobs call.
builder.AddCalAdminJobs();

var app = builder.Build();

app.UseCalAdminPipeline();

app.MapCalAdminHealth();
app.MapCalAdminJobs();
app.MapUsers();
app.MapStaff();
app.MapBookings();
app.MapReassignments();
app.MapInsights();
app.MapWebhooks();
app.MapSync();
app.MapReconciliation();
app.MapAway();
app.MapCalAdminPages();

await app.PrepareCalAdminAsync();
await app.RunAsync();

// Lets WebApplicationFactory find this entry point.
public partial class Program;
