namespace CalAdmin.Web.Features.People;

/// <summary>The address of a person's page: <c>/people?email=…</c> or <c>/people?phone=…</c>.</summary>
public static class PersonAddress
{
    public const string Route = "/people";

    public static string ForEmail(string email) => "people?email=" + Uri.EscapeDataString(email.Trim());

    public static string ForPhone(string phone) => "people?phone=" + Uri.EscapeDataString(phone.Trim());
}
