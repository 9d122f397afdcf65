using CalAdmin.Web.Features.Users;

namespace CalAdmin.Web.Infrastructure;

public static class PipelineSetup
{
    /// <summary>The middleware every request goes through, in order, before it reaches an endpoint.</summary>
    public static WebApplication UseCalAdminPipeline(this WebApplication app)
    {
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
        return app;
    }
}
