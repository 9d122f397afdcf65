using CalAdmin.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CalAdmin.Web.Infrastructure;

public static class DataProtectionSetup
{
    public const string ApplicationName = "CalAdmin";

    /// <summary>
    /// The keys that sign the sign-in cookie and the antiforgery tokens live in the database (table
    /// <c>DataProtectionKeys</c>), under one application name: every server that shares the database accepts a cookie
    /// that another one issued, and a restart or a new server keeps everyone signed in. Not in Redis: a Redis outage
    /// must degrade live refresh only, never sign people out.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        return builder;
    }
}
