// Regenerates contract.json from Cal.com's specs in the reference folder given as the argument (the developers'
// shared/calcom beside the repository; a clone has none, and the tests read only contract.json).
// Run from the repository root:  dotnet run tests/CalAdmin.Tests/Fixtures/CalCom/make-contract.cs -- PATH/TO/shared/calcom
// Each operation CalAdmin uses gets x-calcom-versions: one entry per cal-api-version value ("none" = no header),
// copied from the spec that documents that version (2026 docs for the new ones, the October 2025 spec for the old),
// then the facts of shared/calcom/README.md are applied on top (see Correct below).
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

if (args.Length != 1 || !File.Exists(Path.Combine(args[0], "openapi-v2-2026.json")))
{
    Console.Error.WriteLine("usage: dotnet run make-contract.cs -- FOLDER (the folder holding openapi-v2.json and openapi-v2-2026.json)");
    return 2;
}
var shared = args[0];
var spec2025 = JsonNode.Parse(File.ReadAllText(Path.Combine(shared, "openapi-v2.json")))!;
var spec2026 = JsonNode.Parse(File.ReadAllText(Path.Combine(shared, "openapi-v2-2026.json")))!;
var here = Path.GetDirectoryName(Path.GetFullPath(AppContext.GetData("EntryPointFilePath") as string ?? "contract.json"))!;
var output = Path.Combine(here, "contract.json");
// Operations the merged 2026 spec has only as stubs, transcribed from their 2026 docs pages (source "pages"; see its info).
var specPages = JsonNode.Parse(File.ReadAllText(Path.Combine(here, "booking-edits-2026.json")))!;

// operation -> the versions CalAdmin may send, each with the spec that documents it.
const string None = "none";
var operations = new (string Method, string Path, (string Version, string From)[] Versions)[]
{
    ("get", "/v2/me", [(None, "2026")]),
    ("get", "/v2/teams", [(None, "2026")]),
    ("get", "/v2/teams/{teamId}/memberships", [(None, "2026")]),
    ("get", "/v2/organizations/{orgId}/users", [(None, "2026")]),
    ("get", "/v2/organizations/{orgId}/teams/{teamId}/memberships", [(None, "2026")]),
    ("get", "/v2/event-types", [("2024-06-14", "2025"), ("2026-06-12", "2026")]),
    ("get", "/v2/event-types/{eventTypeId}", [("2024-06-14", "2025"), ("2026-06-12", "2026")]),
    ("get", "/v2/teams/{teamId}/event-types", [(None, "2025"), ("2026-06-12", "2026")]),
    ("get", "/v2/teams/{teamId}/event-types/{eventTypeId}", [(None, "2025"), ("2026-06-12", "2026")]),
    ("get", "/v2/bookings", [("2024-08-13", "2025"), ("2026-05-01", "2026")]),
    ("get", "/v2/bookings/{bookingUid}", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/cancel", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/reschedule", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/reassign", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/reassign/{userId}", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/confirm", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/decline", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/mark-absent", [("2024-08-13", "2025"), ("2026-02-25", "2026")]),
    ("post", "/v2/bookings/{bookingUid}/request-reschedule", [("2026-02-25", "pages")]),
    ("post", "/v2/bookings/{bookingUid}/guests", [("2024-08-13", "pages")]),
    ("post", "/v2/bookings/{bookingUid}/attendees", [("2024-08-13", "pages")]),
    ("patch", "/v2/bookings/{bookingUid}/location", [("2024-08-13", "2026")]),
    ("get", "/v2/slots", [("2024-09-04", "2026")]),
    ("post", "/v2/slots/reservations", [("2024-09-04", "2026")]),
    ("get", "/v2/webhooks", [(None, "2026")]),
    ("post", "/v2/webhooks", [(None, "2026")]),
    ("get", "/v2/webhooks/{webhookId}", [(None, "2026")]),
    ("patch", "/v2/webhooks/{webhookId}", [(None, "2026")]),
    ("delete", "/v2/webhooks/{webhookId}", [(None, "2026")]),
    ("get", "/v2/event-types/{eventTypeId}/webhooks", [(None, "2026")]),
    ("post", "/v2/event-types/{eventTypeId}/webhooks", [(None, "2026")]),
    ("get", "/v2/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("patch", "/v2/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("delete", "/v2/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("get", "/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks", [(None, "2026")]),
    ("post", "/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks", [(None, "2026")]),
    ("get", "/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("patch", "/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("delete", "/v2/teams/{teamId}/event-types/{eventTypeId}/webhooks/{webhookId}", [(None, "2026")]),
    ("get", "/v2/organizations/{orgId}/webhooks", [(None, "2026")]),
    ("post", "/v2/organizations/{orgId}/webhooks", [(None, "2026")]),
    ("get", "/v2/organizations/{orgId}/webhooks/{webhookId}", [(None, "2026")]),
    ("patch", "/v2/organizations/{orgId}/webhooks/{webhookId}", [(None, "2026")]),
    ("delete", "/v2/organizations/{orgId}/webhooks/{webhookId}", [(None, "2026")]),
    ("get", "/v2/teams/{teamId}/users/{userId}/ooo", [(None, "2026")]),
    ("post", "/v2/teams/{teamId}/users/{userId}/ooo", [(None, "2026")]),
    ("get", "/v2/organizations/{orgId}/users/{userId}/ooo", [(None, "2025")]),
    ("post", "/v2/organizations/{orgId}/users/{userId}/ooo", [(None, "2025")]),
};

var schemas2025 = spec2025["components"]!["schemas"]!.AsObject();
var schemas2026 = spec2026["components"]!["schemas"]!.AsObject();
var schemasPages = specPages["components"]!["schemas"]!.AsObject();
var schemas = new JsonObject();
var paths = new JsonObject();

// A 2025 schema keeps its name unless the 2026 docs define the same name differently: then it gets "__2025".
string NameOf(string name, string from) =>
    from is "2026" or "pages" || schemas2026[name] is null || JsonNode.DeepEquals(schemas2026[name], schemas2025[name]) ? name : name + "__2025";

JsonNode CopyWithRefs(JsonNode node, string from)
{
    var copy = node.DeepClone();
    var pending = new Queue<string>();
    Rewrite(copy);
    while (pending.TryDequeue(out var name))
    {
        var target = NameOf(name, from);
        if (schemas.ContainsKey(target)) continue;
        var source = (from switch { "pages" => schemasPages[name] ?? schemas2026[name], "2026" => schemas2026[name], _ => schemas2025[name] })
            ?? throw new InvalidOperationException($"{from}: no schema {name}");
        var schema = source.DeepClone();
        schemas[target] = schema;
        Rewrite(schema);
    }
    return copy;

    void Rewrite(JsonNode? n)
    {
        switch (n)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.ToString() is var reference && reference.StartsWith("#/components/schemas/"))
                {
                    var name = reference.Split('/')[^1];
                    o["$ref"] = "#/components/schemas/" + NameOf(name, from);
                    pending.Enqueue(name);
                }
                foreach (var (_, child) in o.ToList()) Rewrite(child);
                break;
            case JsonArray a:
                foreach (var child in a) Rewrite(child);
                break;
        }
    }
}

foreach (var (method, path, versions) in operations)
{
    var entries = new JsonObject();
    JsonObject? newest = null;
    foreach (var (version, from) in versions)
    {
        var spec = from switch { "pages" => specPages, "2026" => spec2026, _ => spec2025 };
        var operation = spec["paths"]?[path]?[method] ?? throw new InvalidOperationException($"{from}: no {method} {path}");
        var pathParameters = spec["paths"]![path]!["parameters"]?.AsArray() ?? [];
        var parameters = new JsonArray(pathParameters.Concat(operation["parameters"]?.AsArray() ?? []).Select(p => CopyWithRefs(p!, from)).ToArray());
        var entry = new JsonObject
        {
            ["x-calcom-source"] = from switch
            {
                "pages" => "Cal.com 2026 docs pages, transcribed in booking-edits-2026.json",
                "2026" => "Cal.com 2026 docs (openapi-v2-2026.json)",
                _ => "Cal.com OpenAPI spec, October 2025 (openapi-v2.json)",
            },
            ["parameters"] = parameters,
        };
        if (operation["requestBody"] is { } body) entry["requestBody"] = CopyWithRefs(body, from);
        entry["responses"] = CopyWithRefs(operation["responses"]!, from);
        if (method == "get" && path == "/v2/slots") WrapSlotMap(entry["responses"]!.AsObject());
        entries[version] = entry;
        newest = entry;
    }
    var item = paths[path] as JsonObject ?? new JsonObject();
    paths[path] = item;
    var op = (JsonObject)newest!.DeepClone();
    op.Remove("x-calcom-source");
    op["x-calcom-versions"] = entries;
    item[method] = op;
}

Correct(schemas);

var document = new JsonObject
{
    ["openapi"] = "3.0.3",
    ["info"] = new JsonObject
    {
        ["title"] = "Cal.com API v2: the operations CalAdmin uses",
        ["version"] = "2026",
        ["description"] = "Generated by make-contract.cs from Cal.com's 2026 docs and October 2025 spec, corrected by the facts in shared/calcom/README.md. Per operation, x-calcom-versions holds each cal-api-version's parameters, body and responses (\"none\" = no header). additionalProperties:false marks a closed object; a property whose schema is {\"not\":{}} must be absent.",
    },
    ["paths"] = paths,
    ["components"] = new JsonObject { ["schemas"] = new JsonObject(schemas.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, s.Value?.DeepClone()))) },
};
File.WriteAllText(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine($"{output}: {operations.Length} operations, {schemas.Count} schemas");
return 0;

// Slots: both specs describe the date -> slots map itself; the API (and the docs' examples) wrap it in {status, data}.
static void WrapSlotMap(JsonObject responses)
{
    if (responses["200"]?["content"]?["application/json"] is not JsonObject json || json["schema"] is not { } map) return;
    json["schema"] = new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("status", "data"),
        ["properties"] = new JsonObject { ["status"] = new JsonObject { ["type"] = "string" }, ["data"] = map.DeepClone() },
    };
}

// The facts of shared/calcom/README.md where the specs are silent or wrong.
static void Correct(JsonObject schemas)
{
    JsonObject Schema(string name) => schemas[name]?.AsObject() ?? throw new InvalidOperationException("no schema " + name);
    IEnumerable<string> Named(string pattern) => schemas.Select(s => s.Key).Where(k => Regex.IsMatch(k, pattern)).ToList();

    // Webhook ids are UUID strings everywhere; triggers are an array.
    foreach (var name in Named(@"^\w*WebhookOutputDto(__2025)?$"))
    {
        var properties = Schema(name)["properties"]!.AsObject();
        properties["id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" };
        // null when the webhook has no template (the 2026 docs' examples and every delivery's webhook object).
        if (properties["payloadTemplate"] is JsonObject template) template["nullable"] = true;
        if (properties["triggers"] is JsonObject triggers && (string?)triggers["type"] != "array")
            properties["triggers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
    }
    foreach (var name in Named(@"^(Create|Update)WebhookInputDto(__2025)?$"))
        if (Schema(name)["properties"]?["triggers"] is JsonObject t && (string?)t["type"] != "array")
            Schema(name)["properties"]!["triggers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };

    // Memberships lists answer data as an array.
    foreach (var name in Named(@"^(GetTeamMembershipsOutput|OrgTeamMembershipsOutputResponseDto)(__2025)?$"))
    {
        var data = Schema(name)["properties"]!["data"]!;
        if ((string?)data["type"] != "array")
            Schema(name)["properties"]!["data"] = new JsonObject { ["type"] = "array", ["items"] = data.DeepClone() };
    }

    // Reassign answers {bookingUid, reassignedTo:{id,name,email}} (the spec's output refers to itself).
    schemas["ReassignedBooking"] = JsonNode.Parse("""
        {"type":"object","additionalProperties":false,"required":["bookingUid","reassignedTo"],"properties":{
          "bookingUid":{"type":"string"},
          "reassignedTo":{"type":"object","additionalProperties":false,"required":["id","name","email"],"properties":{
            "id":{"type":"number"},"name":{"type":"string","nullable":true},"email":{"type":"string"}}}}}
        """);
    foreach (var name in Named(@"^ReassignBookingOutput_2024_08_13(__2025)?$"))
        Schema(name)["properties"]!["data"] = new JsonObject { ["$ref"] = "#/components/schemas/ReassignedBooking" };

    // Team event-type hosts are objects {userId, name, username, avatarUrl, mandatory, priority}: never a weight.
    Schema("TeamEventTypeResponseHost")["additionalProperties"] = false;
    foreach (var name in Named(@"^TeamEventTypeOutput_\d{4}_\d\d_\d\d(__2025)?$"))
    {
        var properties = Schema(name)["properties"]!.AsObject();
        properties["hosts"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/TeamEventTypeResponseHost" } };
        // Managed event types are reported without their children (the hosts are the children's owners).
        properties["children"] = new JsonObject { ["not"] = new JsonObject() };
    }

    // Event types carry confirmationPolicy ({disabled: true} when off), never requiresConfirmation.
    foreach (var name in Named(@"^(Team)?EventTypeOutput_\d{4}_\d\d_\d\d(__2025)?$"))
    {
        var properties = Schema(name)["properties"]!.AsObject();
        properties["confirmationPolicy"] = new JsonObject
        {
            ["nullable"] = true,
            ["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/BaseConfirmationPolicy_2024_06_14" },
                new JsonObject { ["$ref"] = "#/components/schemas/Disabled_2024_06_14" }),
        };
        properties["requiresConfirmation"] = new JsonObject { ["not"] = new JsonObject() };
    }

    // Event types list their users as objects (the 2026 docs' User_2024_06_14); the October 2025 spec says strings.
    foreach (var name in Named(@"^EventTypeOutput_2024_06_14(__2025)?$"))
        Schema(name)["properties"]!["users"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/User_2024_06_14" } };

    // A team without a logo, banner, colours or theme answers null: Prisma's Team has them optional (logoUrl String?, ...).
    foreach (var field in new[] { "bannerUrl", "logoUrl", "brandColor", "darkBrandColor", "theme" })
        if (Schema("EventTypeTeam")["properties"]?[field] is JsonObject teamField) teamField["nullable"] = true;

    // NestJS documents a literal `true`/`false` property (isDefault of default booking fields) as an object.
    foreach (var (_, schema) in schemas)
        foreach (var (_, property) in schema?["properties"]?.AsObject() ?? [])
            if (property is JsonObject p && (string?)p["type"] == "object" && p["properties"] is null
                && (p["example"] ?? p["default"]) is JsonValue literal && literal.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                p["type"] = "boolean";

    // Bookings list (2024-08-13): the count is itemsReturned, and the total may be an estimate or null.
    foreach (var name in Named(@"^PaginationMetaDto(__2025)?$"))
    {
        var schema = Schema(name);
        var properties = schema["properties"]!.AsObject();
        if (properties["returnedItems"] is { } returned)
        {
            properties.Remove("returnedItems");
            properties["itemsReturned"] = returned.DeepClone();
        }
        properties["totalItems"]!["nullable"] = true;
        schema["required"] = new JsonArray(schema["required"]!.AsArray().Select(r => (JsonNode?)((string?)r == "returnedItems" ? "itemsReturned" : (string?)r)).ToArray());
    }
}
