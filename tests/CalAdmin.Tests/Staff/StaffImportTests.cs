using System.Net;
using CalAdmin.Tests.Infrastructure;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Staff;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CalAdmin.Tests.Staff.StaffTestData;

namespace CalAdmin.Tests.Staff;

public sealed class StaffImportTests : IAsyncLifetime
{
    private readonly CalAdminFactory factory = new();

    private async Task<T> With<T>(Func<StaffImport, AppDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await work(scope.ServiceProvider.GetRequiredService<StaffImport>(), db);
    }

    private Task<int> StaffCount() => With((_, db) => db.Staff.CountAsync());

    [Fact]
    public async Task A_file_with_a_bad_email_a_duplicate_and_a_missing_column_is_rejected_line_by_line_and_nothing_is_saved()
    {
        await SeedAsync(factory.Services, db => db.Staff.Add(NewStaff("Old Name", "existing@x.test", department: "Old")));
        const string csv = "name,email,department\n" +
                           "Good One,good@x.test,Sales\n" +          // line 2
                           "Bad Mail,not-an-email,Sales\n" +         // line 3
                           "Again,GOOD@x.test,Ops\n" +               // line 4
                           "Short Line,short@x.test\n" +             // line 5
                           "New Name,existing@x.test,Support\n";     // line 6

        var preview = await With((import, _) => import.PreviewAsync(Admin(), csv));

        Assert.False(preview.CanApply);
        var byLine = preview.Lines.ToDictionary(l => l.Line);
        Assert.Equal(ImportOutcome.Create, byLine[2].Outcome);
        Assert.Equal((ImportOutcome.Error, "'not-an-email' is not a valid email address."), (byLine[3].Outcome, byLine[3].Note));
        Assert.Equal((ImportOutcome.Error, "Duplicate: GOOD@x.test is already on line 2 of this file."), (byLine[4].Outcome, byLine[4].Note));
        Assert.Equal((ImportOutcome.Error, "Missing column: the line has 2 values, the header names 3."), (byLine[5].Outcome, byLine[5].Note));
        Assert.Equal(ImportOutcome.Update, byLine[6].Outcome);
        Assert.Contains("updates name/department (was Old Name, Old)", byLine[6].Note);

        var (_, result) = await With((import, _) => import.ApplyAsync(Admin(), csv));

        Assert.False(result.Succeeded);
        Assert.Equal(1, await StaffCount());
        Assert.Equal("Old Name", await With((_, db) => db.Staff.Select(s => s.Name).SingleAsync()));
        Assert.Equal(0, await With((_, db) => db.AuditEntries.CountAsync(a => a.Action == "staff.import")));
    }

    [Theory]
    [InlineData("name,email\nA,a@x.test\n", "Line 1: the header lacks the column 'department'.")]
    [InlineData("A,a@x.test,Sales\n", "Line 1: the header lacks the columns 'name', 'email', 'department'.")]
    [InlineData("", "The file is empty")]
    [InlineData("name,email,department\n\"A,a@x.test,Sales\n", "Line 2: a quoted field is not closed.")]
    public async Task A_file_without_the_header_columns_is_refused_before_any_line(string csv, string error)
    {
        var preview = await With((import, _) => import.PreviewAsync(Admin(), csv));

        Assert.False(preview.CanApply);
        Assert.StartsWith(error, Assert.Single(preview.FileErrors));
        Assert.False((await With((import, _) => import.ApplyAsync(Admin(), csv))).Result.Succeeded);
        Assert.Equal(0, await StaffCount());
    }

    [Fact]
    public async Task A_good_file_creates_new_staff_and_updates_existing_ones_by_email()
    {
        await SeedAsync(factory.Services, db => db.Staff.Add(NewStaff("Old Name", "existing@x.test", department: "Old")));
        const string csv = "\uFEFFEmail,Name,Department\r\n" +
                           "new@x.test,\"Doe, Jane\",\"Sales, North\"\r\n" +
                           " EXISTING@x.test ,New Name,\r\n";

        var (preview, result) = await With((import, _) => import.ApplyAsync(Admin(), csv));

        Assert.True(result.Succeeded, result.Error ?? string.Join("; ", preview.FileErrors.Concat(preview.Lines.Select(l => l.Note))));
        Assert.Equal("Imported: 1 added, 1 updated.", result.Message);
        var staff = await With((_, db) => db.Staff.AsNoTracking().OrderBy(s => s.Id).ToListAsync());
        Assert.Equal(2, staff.Count);
        Assert.Equal(("New Name", "existing@x.test", (string?)null), (staff[0].Name, staff[0].Email, staff[0].Department));
        Assert.Equal(("Doe, Jane", "new@x.test", "new@x.test", "Sales, North"), (staff[1].Name, staff[1].Email, staff[1].NormalizedEmail, staff[1].Department));
        Assert.Equal(1, await With((_, db) => db.AuditEntries.CountAsync(a => a.Action == "staff.import" && a.UserName == "ada@test.local")));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task Only_admins_import(string role)
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => With((import, _) => import.ApplyAsync(Principal("x", role), "name,email,department\nA,a@x.test,\n")));
        Assert.Equal(0, await StaffCount());
    }

    [Fact]
    public async Task Export_is_neutralised_for_spreadsheets_and_imports_back_unchanged()
    {
        await SeedAsync(factory.Services, db => db.Staff.AddRange(
            NewStaff("=cmd()", "formula@x.test", department: "+Sales"),
            NewStaff("Doe, \"JD\" Jane", "jane@x.test", department: "Line\nbreak")));
        var client = factory.CreateBrowserClient();
        await CalAdminFactory.SignInAsync(client, CalAdminFactory.AdminEmail, CalAdminFactory.AdminPassword);

        var response = await client.GetAsync("/exports/staff.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("'=cmd(),formula@x.test,'+Sales,yes", text);
        Assert.DoesNotContain("\n=cmd()", text);
        Assert.DoesNotContain(",=cmd()", text);
        await using (var read = await factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CalAdmin.Web.Data.AppDbContext>>().CreateDbContextAsync())
        {
            var audit = Assert.Single(read.AuditEntries.Where(a => a.Action == "export" && a.EntityId == "staff.csv").ToList());
            Assert.Equal(CalAdminFactory.AdminEmail, audit.UserName);
            Assert.Contains("\"rows\":2", audit.After);
        }

        var preview = await With((import, _) => import.PreviewAsync(Admin(), text));

        Assert.True(preview.CanApply, string.Join("; ", preview.FileErrors.Concat(preview.Lines.Select(l => l.Note))));
        Assert.All(preview.Lines, l => Assert.Equal(ImportOutcome.Unchanged, l.Outcome));
        Assert.Equal(["=cmd()", "Doe, \"JD\" Jane"], preview.Lines.Select(l => l.Name).Order());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
