using System.Diagnostics;
using System.Net;
using System.Text.Json;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator's wire behaviour, over a raw HttpClient.</summary>
public sealed class EmulatorHttpTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Theory]
    [InlineData(25, 10)]
    [InlineData(7, 3)]
    [InlineData(100, 100)]
    [InlineData(101, 100)]
    public async Task Pages_add_up_to_the_seeded_rows(int total, int limit)
    {
        _pica.SeedConnections(total, seed: 42);
        using var client = Client(_pica);
        var expectedPages = (total + limit - 1) / limit;

        var ids = new List<long>();
        var requestIds = new List<long>();
        for (var page = 1; page <= expectedPages + 1; page++)
        {
            using var response = await PostPageAsync(client, page, limit);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await JsonAsync(response);
            Assert.Equal(total, json.GetProperty("total").GetInt32());
            Assert.Equal(expectedPages, json.GetProperty("pages").GetInt32());
            Assert.Equal(page, json.GetProperty("page").GetInt32());
            var rows = json.GetProperty("rows");
            var expectedCount = Math.Clamp(total - ((page - 1) * limit), 0, limit);
            Assert.Equal(expectedCount, rows.GetArrayLength());
            ids.AddRange(rows.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            requestIds.Add(json.GetProperty("requestId").GetInt64());
        }

        Assert.Equal(_pica.Connections.Select(c => c.Id), ids.Select(id => (PicaId)id));
        Assert.Equal(requestIds.Order(), requestIds);
        Assert.Equal(requestIds.Count, requestIds.Distinct().Count());
        Assert.Equal(70001, requestIds[0]);
    }

    [Fact]
    public async Task An_empty_set_answers_page_1_with_no_rows_and_zero_pages()
    {
        using var client = Client(_pica);

        using var response = await PostPageAsync(client, 1, 100);

        var json = await JsonAsync(response);
        Assert.Equal(0, json.GetProperty("rows").GetArrayLength());
        Assert.Equal(0, json.GetProperty("total").GetInt32());
        Assert.Equal(0, json.GetProperty("pages").GetInt32());
        Assert.Equal(1, json.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Rows_have_the_contract_fields_and_match_Connections()
    {
        _pica.SeedConnections(3);
        using var client = Client(_pica);

        using var response = await PostPageAsync(client, 1, 100);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var rows = (await JsonAsync(response)).GetProperty("rows");
        string[] fields = ["id", "connectionDefId", "type", "title", "image", "activatedAt", "secretId", "clientSecretDisplay",
            "clientIdDisplay", "scopes", "environment", "guide", "createdAt", "tags", "active"];
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(fields.Order(), row.EnumerateObject().Select(p => p.Name).Order());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", row.GetProperty("createdAt").GetString());
            Assert.Equal("test", row.GetProperty("environment").GetString());
        }

        Assert.Equal(Json(_pica.Connections), rows.GetRawText());
    }

    [Fact]
    public void Seeding_is_deterministic_and_replaces_the_previous_rows()
    {
        using var other = PicaEmulator.Start();

        var first = Json(_pica.SeedConnections(30, seed: 7).Connections);
        var same = Json(other.SeedConnections(30, seed: 7).Connections);
        var different = Json(other.SeedConnections(30, seed: 8).Connections);
        _pica.SeedConnections(5, seed: 7);

        Assert.Equal(first, same);
        Assert.NotEqual(first, different);
        Assert.Equal(5, _pica.Connections.Count);
        Assert.StartsWith(Json(_pica.Connections)[..^1], first);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_someone_else")]
    [InlineData("")]
    public async Task Any_other_key_gets_401_with_a_json_error_that_does_not_echo_it(string? key)
    {
        var sent = key ?? _pica.SecretKey + "x";
        _pica.SeedConnections(3);
        using var client = Client(_pica, sent);

        using var page = await PostPageAsync(client, 1, 100);
        using var flags = await client.GetAsync("v1/users/flags");

        foreach (var response in new[] { page, flags })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(401, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain("rows", body);
            if (sent.Length > 0)
            {
                Assert.DoesNotContain(sent, body);
            }
        }

        var log = _pica.ReceivedRequests;
        Assert.Equal(2, log.Count);
        Assert.All(log, r => Assert.False(r.SecretKeyMatched));
        Assert.All(log, r => Assert.Equal(sent.Length > 0, r.HasSecretHeader));
    }

    [Fact]
    public async Task Flags_answer_the_contract_json_with_the_white_label_flag()
    {
        using var client = Client(_pica);

        var off = await JsonAsync(await client.GetAsync("v1/users/flags"));
        _pica.WithWhiteLabel(true);
        var on = await JsonAsync(await client.GetAsync("v1/users/flags"));

        Assert.False(off.GetProperty("authkitWhitelist").GetBoolean());
        Assert.True(on.GetProperty("authkitWhitelist").GetBoolean());
        Assert.Equal(["accessList", "authkitWhitelist", "earlyAccess", "completedQuickstart"], on.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("v1/authkit?limit=10", """{}""")]
    [InlineData("v1/authkit?limit=0&page=1", """{}""")]
    [InlineData("v1/authkit?limit=10&page=x", """{}""")]
    [InlineData("v1/authkit?limit=10&page=1", "")]
    [InlineData("v1/authkit?limit=10&page=1", "[1]")]
    [InlineData("v1/authkit?limit=10&page=1", "{\"identity\":")]
    [InlineData("v1/authkit?limit=10&page=1", """{"identity":"u","identityType":"identity_type"}""")]
    public async Task Malformed_token_requests_get_400(string url, string body)
    {
        using var client = Client(_pica);

        using var response = await client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (await JsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Unknown_routes_get_404_and_wrong_methods_405()
    {
        using var client = Client(_pica);

        using var unknown = await client.GetAsync("v2/whatever");
        using var wrongMethod = await client.GetAsync("v1/authkit?limit=1&page=1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.All(_pica.ReceivedRequests, r => Assert.Equal(PicaEndpoint.Unknown, r.Endpoint));
    }

    [Fact]
    public async Task Received_requests_record_what_was_sent_without_the_key()
    {
        _pica.SeedConnections(5);
        using var client = Client(_pica);
        client.DefaultRequestHeaders.Add("User-Agent", "emulator-test/1.0");
        var before = DateTimeOffset.UtcNow;

        using var page = await PostPageAsync(client, 2, 3, """{"identity":"user_9","identityType":"team"}""");
        using var flags = await client.GetAsync("v1/users/flags");

        var log = _pica.ReceivedRequests;
        Assert.Equal(2, log.Count);
        var (first, second) = (log[0], log[1]);
        Assert.Equal(("POST", "/v1/authkit", PicaEndpoint.TokenPage, 2, 3), (first.Method, first.Path, first.Endpoint, first.Page, first.Limit));
        Assert.Equal("""{"identity":"user_9","identityType":"team"}""", first.Body);
        Assert.Equal(("user_9", "team"), (first.Identity, first.IdentityType));
        Assert.True(first.SecretKeyMatched);
        Assert.Equal("emulator-test/1.0", first.Headers["User-Agent"]);
        Assert.StartsWith("application/json", first.Headers["Content-Type"]);
        Assert.DoesNotContain(first.Headers, h => h.Key.Equals(PicaEmulator.SecretHeaderName, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(first.Headers.Values, v => v.Contains(_pica.SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_pica.SecretKey, first.ToString());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((await JsonAsync(page)).GetProperty("requestId").GetInt64(), first.RequestId);
        Assert.Equal(("GET", PicaEndpoint.Flags, (int?)null, (long?)null), (second.Method, second.Endpoint, second.Page, second.RequestId));
        Assert.True(first.Sequence < second.Sequence);
        Assert.InRange(first.Timestamp, before, second.Timestamp);

        _pica.ClearReceivedRequests();
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_status_fault_hits_the_next_requests_for_its_page_then_normal_answers_resume()
    {
        _pica.SeedConnections(30).FailPage(2, PicaFault.TooManyRequests(TimeSpan.FromSeconds(1.2)), times: 2);
        using var client = Client(_pica);

        using var page1 = await PostPageAsync(client, 1, 10);
        using var hit1 = await PostPageAsync(client, 2, 10);
        using var hit2 = await PostPageAsync(client, 2, 10);
        using var after = await PostPageAsync(client, 2, 10);

        Assert.Equal(HttpStatusCode.OK, page1.StatusCode);
        foreach (var hit in new[] { hit1, hit2 })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, hit.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), hit.Headers.RetryAfter?.Delta);
            Assert.Equal(429, (await JsonAsync(hit)).GetProperty("status").GetInt32());
        }

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(10, (await JsonAsync(after)).GetProperty("rows").GetArrayLength());
        Assert.Equal([null, "Status 429 Retry-After 2s", "Status 429 Retry-After 2s", null], _pica.ReceivedRequests.Select(r => r.Fault?.ToString()));
    }

    [Fact]
    public async Task Faults_for_one_page_are_served_in_the_order_scheduled()
    {
        _pica.SeedConnections(3)
            .FailPage(1, PicaFault.ServiceUnavailable())
            .FailPage(1, PicaFault.InternalServerError())
            .FailPage(1, PicaFault.Unauthorized());
        using var client = Client(_pica);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostPageAsync(client, 1, 10);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.Unauthorized, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task A_wrong_key_does_not_consume_a_fault()
    {
        _pica.FailPage(1, PicaFault.ServiceUnavailable());
        using var wrong = Client(_pica, "sk_test_wrong");
        using var right = Client(_pica);

        using var refused = await PostPageAsync(wrong, 1, 10);
        using var faulted = await PostPageAsync(right, 1, 10);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
    }

    [Fact]
    public async Task Empty_and_malformed_faults_answer_200_with_unusable_bodies()
    {
        _pica.SeedConnections(3)
            .FailPage(1, PicaFault.EmptyResponse())
            .FailPage(1, PicaFault.MalformedJson())
            .FailFlags(PicaFault.MalformedJson());
        using var client = Client(_pica);

        using var empty = await PostPageAsync(client, 1, 10);
        using var malformed = await PostPageAsync(client, 1, 10);
        using var flags = await client.GetAsync("v1/users/flags");

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(string.Empty, await empty.Content.ReadAsStringAsync());
        foreach (var response in new[] { malformed, flags })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.NotEmpty(body);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        }
    }

    [Fact]
    public async Task A_slow_fault_delays_its_answer_and_then_answers_normally()
    {
        _pica.SeedConnections(3).FailFlags(PicaFault.Slow(TimeSpan.FromMilliseconds(600)));
        using var client = Client(_pica);

        var watch = Stopwatch.StartNew();
        using var slow = await client.GetAsync("v1/users/flags");
        var slowTime = watch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(slowTime >= TimeSpan.FromMilliseconds(580), $"answered after {slowTime.TotalMilliseconds} ms");
        Assert.False((await JsonAsync(slow)).GetProperty("authkitWhitelist").GetBoolean());
        Assert.Equal(PicaFaultKind.Delay, _pica.ReceivedRequests[0].Fault?.Kind);
    }

    [Fact]
    public async Task Latency_delays_every_answer_by_at_least_the_minimum()
    {
        _pica.SeedConnections(3).WithLatency(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        using var client = Client(_pica);
        using var wrong = Client(_pica, "sk_test_nope");

        foreach (var call in new Func<Task<HttpResponseMessage>>[] { () => PostPageAsync(client, 1, 10), () => client.GetAsync("v1/users/flags"), () => PostPageAsync(wrong, 1, 10) })
        {
            var watch = Stopwatch.StartNew();
            using var response = await call();
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(190), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PicaEmulator.Start(new PicaEmulatorOptions { SecretKey = "sk_live_real" }));
        Assert.Throws<ArgumentException>(() => PicaEmulator.Start(new PicaEmulatorOptions { SecretKey = "sk_test_with space" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _pica.FailPage(0, PicaFault.InternalServerError()));
        Assert.Throws<ArgumentOutOfRangeException>(() => _pica.FailFlags(PicaFault.InternalServerError(), times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PicaFault.Status(HttpStatusCode.OK));
        Assert.Throws<ArgumentOutOfRangeException>(() => _pica.WithLatency(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _pica.SeedConnections(-1));
    }

    [Fact]
    public async Task A_custom_key_and_first_request_id_are_honoured()
    {
        using var pica = PicaEmulator.Start(new PicaEmulatorOptions { SecretKey = "sk_test_custom", FirstRequestId = 5 });
        using var client = Client(pica);

        var json = await JsonAsync(await PostPageAsync(client, 1, 10));

        Assert.Equal("sk_test_custom", pica.SecretKey);
        Assert.Equal(5, json.GetProperty("requestId").GetInt64());
        Assert.Equal(pica.Url, pica.CreateOptions().BaseUrl);
        Assert.Equal("127.0.0.1", pica.Url.Host);
        Assert.DoesNotContain("sk_test_custom", pica.ToString());
    }

    [Fact]
    public async Task Concurrent_requests_each_get_a_consistent_page_a_distinct_request_id_and_one_log_entry()
    {
        const int Callers = 64;
        _pica.SeedConnections(500, seed: 3)
            .WithLatency(TimeSpan.Zero, TimeSpan.FromMilliseconds(20))
            .FailPage(3, PicaFault.ServiceUnavailable(), times: 5);
        using var client = Client(_pica);
        var expected = _pica.Connections.Select(c => c.Id).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
        {
            var page = (i % 5) + 1;
            using var response = await PostPageAsync(client, page, 100);
            return (page, response.StatusCode, Json: response.IsSuccessStatusCode ? await JsonAsync(response) : default);
        }));

        var ok = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToArray();
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(3, a.page));
        Assert.Equal(Callers - 5, ok.Length);
        foreach (var (page, _, json) in ok)
        {
            var ids = json.GetProperty("rows").EnumerateArray().Select(r => (PicaId)r.GetProperty("id").GetInt64());
            Assert.Equal(expected.Skip((page - 1) * 100).Take(100), ids);
        }

        Assert.Equal(ok.Length, ok.Select(a => a.Json.GetProperty("requestId").GetInt64()).Distinct().Count());
        var log = _pica.ReceivedRequests;
        Assert.Equal(Callers, log.Count);
        Assert.Equal(Enumerable.Range(1, Callers).Select(i => (long)i), log.Select(r => r.Sequence));
    }
}
