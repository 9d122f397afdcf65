// "Host" in CalAdmin is a Cal.com user who hosts bookings, not Microsoft.Extensions.Hosting.Host.
global using Host = CalAdmin.Web.Features.Hosts.Host;
