using System.Security.Claims;
using Bunit;
using CalAdmin.Tests.Bookings;
using CalAdmin.Web.Data;
using CalAdmin.Web.Features.Bookings;
using CalAdmin.Web.Features.Bookings.Notes;
using CalAdmin.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CalAdmin.Tests.People;

/// <summary>Internal notes: stored verbatim, audited, shown as text on the booking page, marked in the list, in the CSV and found by search.</summary>
public sealed class BookingNoteTests : BookingPagesContext
{
    private const string Hostile = "<script>alert('x')</script> \"late\" & <b>bold</b>\nbring the X-rays";

    private static ClaimsPrincipal Actor(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "desk@biz.test"), new Claim(ClaimTypes.NameIdentifier, "u-desk"), new Claim(ClaimTypes.Role, role)], "test"));

    private NoteCommands Notes => Services.GetRequiredService<NoteCommands>();
    private BookingList List => Services.GetRequiredService<BookingList>();

    [Fact]
    public async Task A_note_is_stored_verbatim_audited_shown_as_text_marked_in_the_list_exported_and_found()
    {
        var result = await Notes.AddAsync(Actor(Roles.Staff), "b2", Hostile);
        Assert.True(result.Succeeded, result.Message);

        await using (var db = await Db.CreateDbContextAsync())
        {
            var note = await db.BookingNotes.SingleAsync();
            Assert.Equal(Hostile, note.Text);
            Assert.Equal("desk@biz.test", note.Author);
            Assert.Equal(BookingData.Now.UtcDateTime, note.CreatedAt);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == NoteCommands.AuditAction);
            Assert.Equal(("Booking", "b2", "desk@biz.test"), (audit.EntityType, audit.EntityId, audit.UserName));
            Assert.Contains("bring the X-rays", System.Text.Json.JsonDocument.Parse(audit.After!).RootElement.GetProperty("note").GetString());
        }

        // The booking page: the text as text, no element made of it.
        var page = RenderPage<BookingDetailsPage>(p => p.Add(x => x.Uid, "b2"));
        page.WaitForAssertion(() => Assert.Equal(Hostile, page.Find("[data-testid=note-text]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=booking-notes] script"));
        Assert.Empty(page.FindAll("[data-testid=booking-notes] b"));
        Assert.Contains("desk@biz.test", page.Find("[data-testid=note-by]").TextContent);

        // Search by words of the note, and the list's marker.
        var found = await List.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "X-rays" }, 0, 25);
        Assert.Equal(["b2"], found.Rows.Select(r => r.Uid));
        Assert.Equal(1, found.Total);
        Assert.True(found.Rows[0].HasNotes);
        var shortTerm = await List.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "&" }, 0, 25);
        Assert.Equal(["b2"], shortTerm.Rows.Select(r => r.Uid));

        // The CSV: a notes column with the text as typed, who and when.
        var csv = new StringWriter();
        await BookingExport.WriteAsync(csv, List.StreamAsync(new BookingQuery { Tab = BookingTab.All, Search = "Ben" }), CancellationToken.None);
        var text = csv.ToString();
        Assert.StartsWith("uid,status,start_utc,end_utc,title,event_type,hosts,attendees,notes\r\n", text);
        Assert.Contains("\"<script>alert('x')</script> \"\"late\"\" & <b>bold</b>\nbring the X-rays (desk@biz.test, 2025-03-10T12:00:00Z)\"\r\n", text);
    }

    [Fact]
    public async Task Managers_read_notes_but_cannot_write_them_and_an_empty_note_is_refused()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Notes.AddAsync(Actor(Roles.Manager), "b2", "hello"));
        var empty = await Notes.AddAsync(Actor(Roles.Staff), "b2", "  \n ");
        Assert.False(empty.Succeeded);
        var unknown = await Notes.AddAsync(Actor(Roles.Staff), "no-such-uid", "hello");
        Assert.False(unknown.Succeeded);
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(0, await db.BookingNotes.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == NoteCommands.AuditAction));
    }

    [Fact]
    public async Task The_list_finds_a_booking_by_its_uid_and_an_attendee_by_a_phone_number_as_a_caller_reads_it()
    {
        await using (var db = await Db.CreateDbContextAsync())
        {
            var clara = await db.Attendees.SingleAsync(a => a.Email == "clara@example.com");
            clara.PhoneNumber = "+493012345678";
            await db.SaveChangesAsync();
        }

        var byUid = await List.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "b10" }, 0, 25);
        Assert.Equal(["b10"], byUid.Rows.Select(r => r.Uid));
        Assert.Equal(1, byUid.Total);
        var byPhone = await List.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "+49 30 1234" }, 0, 25);
        Assert.Equal(["b3"], byPhone.Rows.Select(r => r.Uid));
        var wholeNumber = await List.PageAsync(new BookingQuery { Tab = BookingTab.Past, Search = "+49 (30) 123-456-78" }, 0, 25);
        Assert.Equal(["b3"], wholeNumber.Rows.Select(r => r.Uid));
        // Names and emails are still found as before.
        var byName = await List.PageAsync(new BookingQuery { Tab = BookingTab.All, Search = "Clara" }, 0, 25);
        Assert.Equal(["b3"], byName.Rows.Select(r => r.Uid));
    }
}
