namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>Answers shaped like Cal.com's, for the scripted server.</summary>
public static class CalComJson
{
    public static string Membership(int i) =>
        $$$"""{"id":{{{i}}},"userId":{{{1000 + i}}},"teamId":7,"accepted":true,"role":"MEMBER","user":{"email":"member{{{i}}}@example.com","name":"Member {{{i}}}"}}""";

    public static string List(IEnumerable<string> items) => $$$"""{"status":"success","data":[{{{string.Join(',', items)}}}]}""";

    public static string Booking(string uid, string status = "accepted") =>
        $$$"""{"id":1,"uid":"{{{uid}}}","title":"Intro call","status":"{{{status}}}","start":"2030-01-08T09:00:00.000Z","end":"2030-01-08T09:30:00.000Z","hosts":[{"id":5,"name":"Jane","email":"jane@example.com","username":"jane","timeZone":"Europe/Berlin"}],"attendees":[]}""";

    public static string One(string item) => $$$"""{"status":"success","data":{{{item}}}}""";

    public const string Me = """{"status":"success","data":{"id":42,"username":"owner","email":"owner@example.com","timeZone":"UTC","weekStart":"Monday","timeFormat":24,"defaultScheduleId":null,"organizationId":null}}""";
}
