#include "core/policy/expr/expression.h"
#include "core/security/jwt/base64url.h"
#include "memory_context.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace portico::policy::expr;
using portico::policy::MessageKind;
using portico::security::jwt::base64UrlEncode;

namespace {

std::string sampleJwt() {
    return base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
           base64UrlEncode(
               R"({"sub":"alice","aud":["api://portico","other"],"exp":1800000000,)"
               R"("iss":"https://issuer.test","jti":"id-1","roles":["reader","writer"],)"
               R"("name":"Alice Example"})") +
           ".";
}

test::MemoryContext makeContext() {
    test::MemoryContext c;
    c.requestHeaders = {{"Authorization", "Bearer " + sampleJwt()},
                        {"X-Region", "eu"},
                        {"Accept", "application/json"},
                        {"Accept", "text/plain"},
                        {"X-Basic", "Basic YWxpY2U6czNjcmV0"}};
    c.responseHeaders = {{"Content-Type", "application/json"}};
    c.requestBody =
        R"({"order":{"id":42,"items":[{"sku":"a","qty":2},{"sku":"b","qty":5}]},"note":"hi","vip":true})";
    c.responseBody = R"([1,2,3])";
    c.variables["count"] = Value::integer(3);
    c.variables["name"] = Value::string("portico");
    c.variables["flag"] = Value::boolean(true);
    c.subscriptionInfo = SubscriptionInfo{"sub-1",       "Contoso", "k-primary", "k-primary",
                                          "k-secondary", 0,         std::nullopt};
    c.productInfo = NamedInfo{"gold", "Gold"};
    c.userInfo = UserInfo{"u1",
                          "alice@example.test",
                          "Alice",
                          "Example",
                          {{"admins", "Administrators"}, {"devs", "Developers"}}};
    c.lastErrorInfo =
        LastErrorInfo{"validate-jwt", "TokenExpired", "Token expired",
                      "api",          "inbound",      "policies/inbound/validate-jwt[1]",
                      "jwt1"};
    return c;
}

} // namespace

class TestExpressionEvaluator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void evaluatesToExpectedText_data();
    void evaluatesToExpectedText();
    void reportsDotNetLikeExceptionsWithPosition_data();
    void reportsDotNetLikeExceptionsWithPosition();
    void mutatesJsonBodiesInBlocks();
    void readsFormPostsAsDictionaries();
    void readsTheServiceUrlParts();
    void keepsUrlsValidAfterTheirContext();
    void serialisesTextThatIsNotUtf8();
    void writesTraceEntries();
    void keepsResultTypesForTheCaller();
    void evaluatesConcurrentlyFromOneCompiledExpression();
};

void TestExpressionEvaluator::evaluatesToExpectedText_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    // literals and operators
    QTest::newRow("integer division") << "@(7 / 2)"
                                      << "3";
    QTest::newRow("modulo") << "@(7 % 3)"
                            << "1";
    QTest::newRow("double division") << "@(7 / 2.0)"
                                     << "3.5";
    QTest::newRow("precedence") << "@(1 + 2 * 3)"
                                << "7";
    QTest::newRow("concat null as empty") << "@(\"a\" + null + 1 + true)"
                                          << "a1True";
    QTest::newRow("string equality by value") << "@(\"ab\" == \"a\" + \"b\")"
                                              << "True";
    QTest::newRow("ordinal comparison") << "@(\"B\".CompareTo(\"a\") < 0)"
                                        << "True";
    QTest::newRow("conditional") << "@(1 > 2 ? \"yes\" : \"no\")"
                                 << "no";
    QTest::newRow("coalesce") << "@((string)null ?? \"fallback\")"
                              << "fallback";
    QTest::newRow("char literal") << "@('x')"
                                  << "x";
    QTest::newRow("verbatim") << "@(@\"c:\\temp\")"
                              << "c:\\temp";
    QTest::newRow("interpolation") << "@($\"{context.Request.Method} {1 + 1:D3}\")"
                                   << "GET 002";
    QTest::newRow("unary") << "@(-(3) + +2)"
                           << "-1";
    QTest::newRow("not") << "@(!false && true || false)"
                         << "True";
    QTest::newRow("is") << "@(\"s\" is string && !(1 is string))"
                        << "True";
    QTest::newRow("as") << "@((context.Variables[\"count\"] as string) == null)"
                        << "True";
    QTest::newRow("cast int") << "@((int)2.9)"
                              << "2";
    // request
    QTest::newRow("method") << "@(context.Request.Method)"
                            << "GET";
    QTest::newRow("url path") << "@(context.Request.Url.Path)"
                              << "/orders/42";
    QTest::newRow("url host port scheme")
        << "@(context.Request.Url.Scheme + \"://\" + context.Request.Url.Host + \":\" + "
           "context.Request.Url.Port)"
        << "https://api.example.test:443";
    QTest::newRow("url query") << "@(context.Request.Url.Query.GetValueOrDefault(\"tag\", \"\"))"
                               << "a,b";
    QTest::newRow("url query missing")
        << "@(context.Request.Url.Query.GetValueOrDefault(\"x\", \"none\"))"
        << "none";
    QTest::newRow("query string") << "@(context.Request.Url.QueryString)"
                                  << "?page=2&tag=a&tag=b";
    QTest::newRow("url to string") << "@(context.Request.Url.ToString())"
                                   << "https://api.example.test/orders/42?page=2&tag=a&tag=b";
    QTest::newRow("original url") << "@(context.Request.OriginalUrl.ToString())"
                                  << "https://gw.example.test:8443/shop/orders/42?page=2";
    QTest::newRow("urls concatenate as their text")
        << "@(\"to \" + context.Request.Url + $\" from {context.Request.OriginalUrl}\" + "
           "string.Format(\" {0}\", context.Api.ServiceUrl))"
        << "to https://api.example.test/orders/42?page=2&tag=a&tag=b from "
           "https://gw.example.test:8443/shop/orders/42?page=2 https://backend.test";
    QTest::newRow("service url is an IUrl (Power Query sample)")
        << "@{ var u = context.Api.ServiceUrl; return u.Host + \":\" + u.Port + u.Path + \"|\" + "
           "u.Scheme + \"|\" + u.Query.ContainsKey(\"a\") + \"|\" + u.QueryString; }"
        << "backend.test:443|https|False|";
    QTest::newRow("header") << "@(context.Request.Headers.GetValueOrDefault(\"x-region\", \"us\"))"
                            << "eu";
    QTest::newRow("header default")
        << "@(context.Request.Headers.GetValueOrDefault(\"x-none\", \"us\"))"
        << "us";
    QTest::newRow("header joined") << "@(context.Request.Headers.GetValueOrDefault(\"Accept\"))"
                                   << "application/json,text/plain";
    QTest::newRow("headers enumerated") << "@{ var names = \"\"; foreach (var h in "
                                           "context.Request.Headers) { names += h.Key + \"=\" + "
                                           "h.Value.Length + \";\"; } return names; }"
                                        << "Authorization=1;X-Region=1;Accept=2;X-Basic=1;";
    QTest::newRow("headers through LINQ")
        << "@(string.Join(\"|\", context.Request.Headers.Where(h => "
           "h.Key.StartsWith(\"X-\")).Select(h => h.Key + \":\" + string.Join(\",\", h.Value))))"
        << "X-Region:eu|X-Basic:Basic YWxpY2U6czNjcmV0";
    QTest::newRow("headers count and keys")
        << "@(context.Request.Headers.Count + \" \" + string.Join(\",\", "
           "context.Request.Headers.Keys))"
        << "4 Authorization,X-Region,Accept,X-Basic";
    QTest::newRow("query enumerated")
        << "@(string.Join(\"&\", context.Request.Url.Query.Select(q => q.Key + \"=\" + "
           "string.Join(\",\", q.Value))))"
        << "page=2&tag=a,b";
    QTest::newRow("header entry text") << "@(context.Request.Headers.First().ToString())"
                                       << "[Authorization, System.String[]]";
    // In the token's order, as APIM's dictionary of claims enumerates.
    QTest::newRow("claims enumerated")
        << "@(string.Join(\",\", context.Request.Headers.GetValueOrDefault(\"Authorization\", "
           "\"\").Split(' ')[1].AsJwt().Claims.Select(c => c.Key + c.Value.Length)))"
        << "sub1,aud2,exp1,iss1,jti1,roles2,name1";
    // 2026-01-03 was a Saturday, 0001-01-01 a Monday
    QTest::newRow("day of week") << "@(new DateTime(2026, 1, 3).DayOfWeek + \" \" + new "
                                    "DateTime(1, 1, 1).DayOfWeek.ToString())"
                                 << "Saturday Monday";
    QTest::newRow("day of week compared")
        << "@{ var d = new DateTime(2026, 1, 3).DayOfWeek; return (d == DayOfWeek.Saturday || d "
           "== DayOfWeek.Sunday) + \",\" + (d > DayOfWeek.Friday) + \",\" + (int)d + \",\" + "
           "(DayOfWeek.Monday < d); }"
        << "True,True,6,True";
    QTest::newRow("day of week in a switch")
        << "@{ switch (new DateTime(2026, 1, 5).DayOfWeek) { case DayOfWeek.Saturday: case "
           "DayOfWeek.Sunday: return \"weekend\"; default: return \"weekday\"; } }"
        << "weekday";
    QTest::newRow("day of week in JSON")
        << "@(new JObject(new JProperty(\"d\", new DateTime(2026, 1, "
           "3).DayOfWeek)).ToString(Formatting.None))"
        << "{\"d\":6}";
    QTest::newRow("day of week of a DateTimeOffset")
        << "@(DateTimeOffset.FromUnixTimeSeconds(0).DayOfWeek)"
        << "Thursday";
    QTest::newRow("string builder")
        << "@{ var sb = new StringBuilder(\"GET\"); "
           "sb.Append('\\n').Append(context.Request.Url.Path)"
           ".Append(42).AppendFormat(\"?page={0}\", 2); return sb.ToString(); }"
        << "GET\n/orders/4242?page=2";
    QTest::newRow("string builder edits")
        << "@{ System.Text.StringBuilder sb = new System.Text.StringBuilder(); sb.Append('-', 3)"
           ".Insert(0, \"ab\").Replace(\"-\", \"+\").Remove(0, 1); return sb.Length + \":\" + sb + "
           "\":\" + sb.ToString(1, 2); }"
        << "4:b+++:++";
    QTest::newRow("string builder lines") << "@(new StringBuilder().AppendLine(\"a\").AppendLine()"
                                             ".Clear().AppendLine(\"b\").ToString())"
                                          << "b\r\n";
    QTest::newRow("header indexer") << "@(context.Request.Headers[\"Accept\"][1])"
                                    << "text/plain";
    QTest::newRow("header contains") << "@(context.Request.Headers.ContainsKey(\"X-REGION\"))"
                                     << "True";
    QTest::newRow("ip") << "@(context.Request.IpAddress)"
                        << "203.0.113.7";
    QTest::newRow("matched parameter") << "@(context.Request.MatchedParameters[\"id\"])"
                                       << "42";
    QTest::newRow("matched default")
        << "@(context.Request.MatchedParameters.GetValueOrDefault(\"x\", \"-\"))"
        << "-";
    QTest::newRow("body as string")
        << "@(context.Request.Body.As<string>(preserveContent: true).Length)"
        << "92";
    QTest::newRow("body json") << "@(context.Request.Body.As<JObject>()[\"order\"][\"id\"])"
                               << "42";
    QTest::newRow("body select token")
        << "@(context.Request.Body.As<JObject>().SelectToken(\"order.items[1].sku\"))"
        << "b";
    QTest::newRow("token converts itself (Azure OpenAI token metrics snippet)")
        << "@{ var usage = JObject.Parse(\"{\\\"usage\\\":{\\\"total_tokens\\\":42}}\"); "
           "return usage[\"usage\"][\"total_tokens\"].Value<double>() + 0.5 + \" \" + "
           "(usage.SelectToken(\"usage.total_tokens\").ToObject<int>() + 1) + \" \" + "
           "usage[\"usage\"].Value<JObject>().Count; }"
        << "42.5 43 1";
    QTest::newRow("body value") << "@(context.Request.Body.As<JObject>().Value<string>(\"note\"))"
                                << "hi";
    QTest::newRow("body bool") << "@(context.Request.Body.As<JObject>().Value<bool>(\"vip\"))"
                               << "True";
    QTest::newRow("body linq")
        << "@(context.Request.Body.As<JObject>()[\"order\"][\"items\"].Sum(i => 1))"
        << "";
    QTest::newRow("json array linq") << "@(((JArray)context.Request.Body.As<JObject>()[\"order\"]["
                                        "\"items\"]).Where(i => (int)i[\"qty\"] > 2).Count())"
                                     << "1";
    QTest::newRow("response json array") << "@(context.Response.Body.As<JArray>().Count)"
                                         << "3";
    QTest::newRow("response status")
        << "@(context.Response.StatusCode + \" \" + context.Response.StatusReason)"
        << "200 OK";
    QTest::newRow("response header")
        << "@(context.Response.Headers.GetValueOrDefault(\"content-type\", \"\"))"
        << "application/json";
    // entities
    QTest::newRow("subscription")
        << "@(context.Subscription.Name + \"/\" + context.Subscription.Id)"
        << "Contoso/sub-1";
    QTest::newRow("subscription keys")
        << "@(context.Subscription.PrimaryKey + context.Subscription.SecondaryKey)"
        << "k-primaryk-secondary";
    QTest::newRow("subscription end null") << "@(context.Subscription.EndDate == null)"
                                           << "True";
    QTest::newRow("product") << "@(context.Product?.Name)"
                             << "Gold";
    QTest::newRow("api") << "@(context.Api.Name + context.Api.Path + context.Api.Version)"
                         << "Orders API/shopv2";
    QTest::newRow("operation")
        << "@(context.Operation.Method + \" \" + context.Operation.UrlTemplate)"
        << "GET /orders/{id}";
    QTest::newRow("user") << "@(context.User.Email)"
                          << "alice@example.test";
    QTest::newRow("user groups") << "@(context.User.Groups.Any(g => g.Id == \"admins\"))"
                                 << "True";
    QTest::newRow("user group names")
        << "@(string.Join(\";\", context.User.Groups.Select(g => g.Name)))"
        << "Administrators;Developers";
    QTest::newRow("last error") << "@(context.LastError.Source + \":\" + context.LastError.Reason)"
                                << "validate-jwt:TokenExpired";
    QTest::newRow("deployment") << "@(context.Deployment.Region)"
                                << "West Europe";
    QTest::newRow("request id") << "@(context.RequestId.ToString())"
                                << "0f8fad5b-d9cb-469f-a165-70867728950e";
    QTest::newRow("timestamp") << "@(context.Timestamp.ToString(\"o\"))"
                               << "2026-03-04T05:06:07.0000000Z";
    QTest::newRow("elapsed") << "@(context.Elapsed.TotalMilliseconds)"
                             << "150";
    // variables
    QTest::newRow("variable indexer") << "@((int)context.Variables[\"count\"] + 1)"
                                      << "4";
    QTest::newRow("variable generic") << "@(context.Variables.GetValueOrDefault<string>(\"name\"))"
                                      << "portico";
    QTest::newRow("variable default")
        << "@(context.Variables.GetValueOrDefault<string>(\"nope\", \"d\"))"
        << "d";
    QTest::newRow("variable contains") << "@(context.Variables.ContainsKey(\"flag\"))"
                                       << "True";
    QTest::newRow("variable try get")
        << "@{ object v; if (context.Variables.TryGetValue(\"count\", out v)) { return v; } return "
           "\"none\"; }"
        << "3";
    // JWT and basic
    QTest::newRow("jwt subject") << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\","
                                    " \"\").Split(' ')[1].AsJwt()?.Subject)"
                                 << "alice";
    QTest::newRow("jwt claim")
        << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\").Split(' "
           "').Last().AsJwt().Claims.GetValueOrDefault(\"roles\", \"\"))"
        << "reader,writer";
    QTest::newRow("jwt claim indexer")
        << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\").Substring(7).AsJwt()."
           "Claims[\"name\"][0])"
        << "Alice Example";
    QTest::newRow("jwt audiences")
        << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\").Substring(7).AsJwt()."
           "Audiences.Contains(\"other\"))"
        << "True";
    QTest::newRow("jwt expiry") << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\")."
                                   "Substring(7).AsJwt().ExpirationTime.Value.ToString(\"s\"))"
                                << "2027-01-15T08:00:00";
    QTest::newRow("jwt header") << "@(context.Request.Headers.GetValueOrDefault(\"Authorization\")."
                                   "Substring(7).AsJwt().Header.GetValueOrDefault(\"alg\"))"
                                << "none";
    QTest::newRow("jwt id issuer") << "@{ var jwt = "
                                      "context.Request.Headers.GetValueOrDefault(\"Authorization\")"
                                      ".Substring(7).AsJwt(); return jwt.Id + \" \" + jwt.Issuer; }"
                                   << "id-1 https://issuer.test";
    QTest::newRow("try parse jwt") << "@{ Jwt jwt; if (\"x.y\".TryParseJwt(out jwt)) { return "
                                      "\"parsed\"; } return jwt == null ? \"no\" : \"?\"; }"
                                   << "no";
    QTest::newRow("not a jwt") << "@(\"abc\".AsJwt() == null)"
                               << "True";
    QTest::newRow("basic")
        << "@(context.Request.Headers.GetValueOrDefault(\"X-Basic\").AsBasic().UserId + \"/\" + "
           "context.Request.Headers.GetValueOrDefault(\"X-Basic\").AsBasic().Password)"
        << "alice/s3cret";
    // strings
    QTest::newRow("contains ignore case")
        << "@(\"Hello\".Contains(\"hell\", StringComparison.OrdinalIgnoreCase))"
        << "True";
    QTest::newRow("starts ends")
        << "@(\"portico\".StartsWith(\"por\") && \"portico\".EndsWith(\"ico\"))"
        << "True";
    QTest::newRow("index of") << "@(\"a,b,c\".IndexOf(',') + \"\" + \"a,b,c\".LastIndexOf(\",\"))"
                              << "13";
    QTest::newRow("substring") << "@(\"portico\".Substring(1, 3))"
                               << "ort";
    QTest::newRow("split remove empty")
        << "@(\"a,,b\".Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Length)"
        << "2";
    QTest::newRow("replace") << "@(\"a-b-c\".Replace(\"-\", \"+\"))"
                             << "a+b+c";
    QTest::newRow("case") << "@(\"MiXed\".ToLower() + \"MiXed\".ToUpperInvariant())"
                          << "mixedMIXED";
    QTest::newRow("trim")
        << "@(\"/a/\".Trim('/') + \"|\" + \"  b \".TrimStart() + \"|\" + \"c//\".TrimEnd('/'))"
        << "a|b |c";
    QTest::newRow("pad") << "@(\"7\".PadLeft(3, '0') + \"x\".PadRight(3) + \"|\")"
                         << "007x  |";
    QTest::newRow("format") << "@(string.Format(\"{0}-{1:D2}-{{x}}\", \"a\", 5))"
                            << "a-05-{x}";
    QTest::newRow("null or empty")
        << "@(string.IsNullOrEmpty(null) && string.IsNullOrWhiteSpace(\" \"))"
        << "True";
    QTest::newRow("equals comparison")
        << "@(string.Equals(\"A\", \"a\", StringComparison.OrdinalIgnoreCase) && "
           "!\"A\".Equals(\"a\"))"
        << "True";
    QTest::newRow("concat") << "@(string.Concat(\"a\", 1, \"b\"))"
                            << "a1b";
    QTest::newRow("string indexer") << "@(\"abc\"[1])"
                                    << "b";
    QTest::newRow("string empty") << "@(string.Empty.Length)"
                                  << "0";
    // numbers, Convert, Math
    QTest::newRow("int parse") << "@(int.Parse(\" 42 \") + 1)"
                               << "43";
    QTest::newRow("int try parse") << "@{ int n; if (int.TryParse(\"x\", out n)) { return \"bad\"; "
                                      "} return int.TryParse(\"12\", out var m) ? m * 2 : -1; }"
                                   << "24";
    QTest::newRow("long parse") << "@(long.Parse(\"9000000000\"))"
                                << "9000000000";
    QTest::newRow("double parse") << "@(double.Parse(\"2.5\") * 2)"
                                  << "5";
    QTest::newRow("bool parse") << "@(bool.Parse(\"True\"))"
                                << "True";
    QTest::newRow("base64 round trip")
        << "@(Encoding.UTF8.GetString(Convert.FromBase64String(Convert.ToBase64String(Encoding."
           "UTF8.GetBytes(\"hé!\")))))"
        << "hé!";
    QTest::newRow("base64") << "@(Convert.ToBase64String(Encoding.UTF8.GetBytes(\"alice:s3cret\")))"
                            << "YWxpY2U6czNjcmV0";
    QTest::newRow("convert")
        << "@(Convert.ToInt32(\"5\") + Convert.ToInt32(2.5) + Convert.ToString(true))"
        << "7True";
    QTest::newRow("math") << "@(Math.Max(3, 9) + Math.Min(3, 9) + Math.Abs(-2))"
                          << "14";
    QTest::newRow("math round even") << "@(Math.Round(2.5) + Math.Floor(1.7) + Math.Ceiling(1.2))"
                                     << "5";
    QTest::newRow("math pow sqrt") << "@(Math.Pow(2, 10) + Math.Sqrt(16))"
                                   << "1028";
    // DateTime, TimeSpan, Guid
    QTest::newRow("utc now") << "@(DateTime.UtcNow.ToString(\"yyyy-MM-ddTHH:mm:ssZ\"))"
                             << "2026-03-04T05:06:08Z";
    QTest::newRow("add") << "@(context.Timestamp.AddHours(20).AddMinutes(1).ToString(\"s\"))"
                         << "2026-03-05T01:07:07";
    QTest::newRow("date parse")
        << "@(DateTime.Parse(\"2026-01-02T03:04:05+01:00\").ToString(\"u\"))"
        << "2026-01-02 02:04:05Z";
    QTest::newRow("date default format") << "@(DateTime.Parse(\"2026-01-02T15:04:05Z\").ToString())"
                                         << "1/2/2026 3:04:05 PM";
    QTest::newRow("rfc1123") << "@(context.Timestamp.ToString(\"r\"))"
                             << "Wed, 04 Mar 2026 05:06:07 GMT";
    QTest::newRow("date compare") << "@(DateTime.UtcNow > context.Timestamp)"
                                  << "True";
    QTest::newRow("date difference") << "@((DateTime.UtcNow - context.Timestamp).TotalSeconds)"
                                     << "1";
    QTest::newRow("date parts") << "@(context.Timestamp.Year * 100 + context.Timestamp.Month)"
                                << "202603";
    QTest::newRow("timespan") << "@(TimeSpan.FromMinutes(90).ToString())"
                              << "01:30:00";
    QTest::newRow("new timespan") << "@(new TimeSpan(1, 2, 3, 4).TotalHours > 26)"
                                  << "True";
    QTest::newRow("new datetime")
        << "@(new DateTime(2026, 2, 28).AddDays(1).ToString(\"yyyy-MM-dd\"))"
        << "2026-03-01";
    QTest::newRow("guid") << "@(Guid.NewGuid().ToString().Length)"
                          << "36";
    QTest::newRow("guid n") << "@(Guid.NewGuid().ToString(\"N\").Length)"
                            << "32";
    // Uri, Regex
    QTest::newRow("uri") << "@(new Uri(\"https://Example.test:8080/a/b?x=1\").Host + new "
                            "Uri(\"https://e.test/a?x=1\").PathAndQuery)"
                         << "example.test/a?x=1";
    QTest::newRow("uri escape") << "@(Uri.EscapeDataString(\"a b&c\"))"
                                << "a%20b%26c";
    QTest::newRow("regex is match") << "@(Regex.IsMatch(\"order-123\", @\"^order-\\d+$\"))"
                                    << "True";
    QTest::newRow("regex match group")
        << "@(Regex.Match(\"id=77;\", @\"id=(\\d+)\").Groups[1].Value)"
        << "77";
    // .NET numbers named groups after the unnamed ones (values checked with Mono's Regex)
    QTest::newRow("regex named group (APIM's own example)")
        << "@(Regex.Match(\"no-cache, max-age=300\", @\"max-age=(?<maxAge>\\d+)\")"
           ".Groups[\"maxAge\"]?.Value)"
        << "300";
    QTest::newRow("regex groups numbered as .NET does")
        << "@{ var m = Regex.Match(\"k=v9 a\", @\"(?<key>\\w)=(\\w)(?<num>\\d)\"); "
           "return m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + m.Groups.Count "
           "+ m.Groups[\"1\"].Value + m.Groups[3].Index; }"
        << "vk94v3";
    QTest::newRow("regex missing group fails quietly")
        << "@{ var m = Regex.Match(\"k=v9\", @\"(?<key>\\w)=\"); "
           "return m.Groups[\"nope\"].Success + \"|\" + m.Groups[\"nope\"].Value + \"|\" + "
           "m.Groups[7].Success + \"|\" + Regex.Match(\"x\", \"y\").Groups[\"key\"].Value; }"
        << "False||False|";
    QTest::newRow("regex named backreference")
        << "@(Regex.IsMatch(\"abab\", @\"^(?<x>ab)\\k<x>$\") && !Regex.IsMatch(\"abba\", "
           "@\"^(?'x'ab)\\k'x'$\"))"
        << "True";
    QTest::newRow("regex replace with names and numbers")
        << "@(Regex.Replace(\"k=v9\", @\"(?<key>\\w)=(\\w)(?<num>\\d)\", "
           "\"${num}-$1-$2-$3-${key}-$$-$9-${zz}\"))"
        << "9-v-k-9-k-$-$9-${zz}";
    QTest::newRow("regex matches") << "@{ var all = Regex.Matches(\"a1b22c333\", @\"\\d+\"); "
                                      "return all.Count + \":\" + all[2].Value + \":\" + "
                                      "all[1].Index + \":\" + all[2].Length; }"
                                   << "3:333:3:3";
    QTest::newRow("regex character class keeps its brackets")
        << "@(Regex.Match(\"a]b(c\", @\"[](](?<x>c)\").Groups[\"x\"].Index)"
        << "4";
    QTest::newRow("regex replace") << "@(Regex.Replace(\"a1b22\", @\"\\d+\", \"#\"))"
                                   << "a#b#";
    QTest::newRow("regex ignore case")
        << "@(Regex.IsMatch(\"ABC\", \"abc\", RegexOptions.IgnoreCase))"
        << "True";
    // System.Random: a seeded one gives .NET's sequence (values checked with Mono)
    QTest::newRow("random seeded")
        << "@{ var r = new Random(42); return r.Next() + \" \" + r.Next(100) + \" \" + "
           "r.Next(5, 10); }"
        << "1434747710 14 5";
    QTest::newRow("random seed edge cases")
        << "@(new Random(-7).Next() + \" \" + new Random(int.MinValue).Next() + \" \" + "
           "new Random(0).Next(1, 3))"
        << "822959691 1559595546 2";
    QTest::newRow("random wide range")
        << "@{ var r = new Random(5); return r.Next(int.MinValue, int.MaxValue) + \" \" + "
           "r.Next(-10, 10) + \" \" + r.Next(0); }"
        << "726643699 -5 0";
    QTest::newRow("random next double")
        << "@{ var q = new System.Random(123); var d = q.NextDouble(); "
           "return (d > 0.98455691523 && d < 0.98455691524) + \" \" + q.Next(1000); }"
        << "True 907";
    QTest::newRow("random unseeded in range (a load-balancing snippet)")
        << "@{ var n = new Random(context.RequestId.GetHashCode()).Next(1, 3); "
           "return n == 1 || n == 2; }"
        << "True";
    QTest::newRow("hash code is stable")
        << "@(\"abc\".GetHashCode() == \"abc\".GetHashCode() && \"abc\".GetHashCode() != "
           "\"abd\".GetHashCode())"
        << "True";
    QTest::newRow("real constants") << "@(1.5e3 + 1e-999 + 2.5E+1 + 0.25)"
                                    << "1525.25";
    QTest::newRow("sized arrays hold default values")
        << "@{ var names = new string[2]; names[1] = \"b\"; var n = new int[3]; "
           "return new byte[4].Length + \" \" + n[1] + \" \" + (names[0] == null) + \" \" + "
           "names[1] + \" \" + Convert.ToBase64String(new byte[] {0, 10, 255}); }"
        << "4 0 True b AAr/";
    // System.DateTimeOffset (offset always +00:00): expected values computed by Mono
    QTest::newRow("date time offset formats")
        << "@{ var a = DateTimeOffset.FromUnixTimeSeconds(1700000000); return a.ToString(\"o\") + "
           "\"|\" + a + \"|\" + a.ToString(\"R\") + \"|\" + a.ToString(\"yyyy-MM-ddTHH:mm:ssK\") + "
           "\"|\" + a.ToString(\"u\"); }"
        << "2023-11-14T22:13:20.0000000+00:00|11/14/2023 10:13:20 PM +00:00|Tue, 14 Nov 2023 "
           "22:13:20 GMT|2023-11-14T22:13:20+00:00|2023-11-14 22:13:20Z";
    QTest::newRow("unix times")
        << "@{ var b = DateTimeOffset.FromUnixTimeMilliseconds(1700000000123); "
           "var c = new DateTimeOffset(new DateTime(1969, 12, 31, 23, 59, "
           "59).AddMilliseconds(500)); "
           "return b.ToUnixTimeSeconds() + \" \" + b.Millisecond + \" \" + "
           "b.ToUnixTimeMilliseconds() + \" \" + ((DateTimeOffset)new DateTime(2026, 1, 2, 3, 4, "
           "5)).ToUnixTimeSeconds() + \" \" + c.ToUnixTimeSeconds() + \" \" + "
           "c.ToUnixTimeMilliseconds(); }"
        << "1700000000 123 1700000000123 1767323045 -1 -500";
    QTest::newRow("date time offset arithmetic and comparison")
        << "@((DateTimeOffset.FromUnixTimeSeconds(60) - DateTimeOffset.FromUnixTimeSeconds(0)) + "
           "\" \" + DateTimeOffset.FromUnixTimeSeconds(0).AddSeconds(30).ToUnixTimeSeconds() + "
           "\" \" + (DateTimeOffset.FromUnixTimeSeconds(0) == new DateTime(1970, 1, 1)) + \" \" + "
           "(DateTimeOffset.UtcNow > DateTimeOffset.FromUnixTimeSeconds(0)) + \" \" + "
           "DateTimeOffset.FromUnixTimeSeconds(1700000000).UtcDateTime.ToString(\"s\") + \" \" + "
           "DateTimeOffset.FromUnixTimeSeconds(1700000000).Offset + \" \" + "
           "(DateTimeOffset.FromUnixTimeSeconds(0) + TimeSpan.FromDays(1)).Year)"
        << "00:01:00 30 True True 2023-11-14T22:13:20 00:00:00 1970";
    QTest::newRow("key vault sample's jwt lifetime")
        << "@{ const uint JwtToAadLifetimeInSeconds = 60 * 20; DateTime validFrom = new "
           "DateTime(2026, 1, 2, 3, 4, 5); return ((DateTimeOffset)(validFrom + "
           "TimeSpan.FromSeconds(JwtToAadLifetimeInSeconds))).ToUnixTimeSeconds().ToString(); }"
        << "1767324245";
    // System.Security.Cryptography: expected values computed by Mono's .NET classes
    QTest::newRow("hmacsha256 as an Azure SAS signature")
        << "@{ var key = Encoding.UTF8.GetBytes(\"secret\"); "
           "System.Security.Cryptography.HMACSHA256 hasher = "
           "new System.Security.Cryptography.HMACSHA256(key); "
           "return Convert.ToBase64String(hasher.ComputeHash(Encoding.UTF8.GetBytes(\"hello "
           "world\"))); }"
        << "c0zGLzKEFWj0VxWuufTXiRMk5tlI5MbGDAYhzaxIYjo=";
    QTest::newRow("hmac family")
        << "@{ var k = Encoding.UTF8.GetBytes(\"secret\"); var d = "
           "Encoding.UTF8.GetBytes(\"hello world\"); "
           "return BitConverter.ToString(new HMACSHA1(k).ComputeHash(d)) + \" \" + "
           "BitConverter.ToString(new HMACMD5(k).ComputeHash(d)).Replace(\"-\", \"\").ToLower() + "
           "\" \" + Convert.ToBase64String(new HMACSHA512(k).ComputeHash(d)); }"
        << "03-37-6E-E7-AD-7B-BF-CE-EE-98-66-04-39-A4-D8-B1-25-12-2A-5A "
           "78d6997b1230f38e59b6d1642dfaa3a4 "
           "bTIjmwHdF1BVchFikxPZXk9Py47lF+RDmQrBr8dWK/10/"
           "6YRg4fv2eFo/4bR2lzvSlXtxjzEuiicTDqLT3vfwg==";
    QTest::newRow("hmac key longer than a block is hashed first")
        << "@(Convert.ToBase64String(new HMACSHA256(new byte[100]).ComputeHash("
           "Encoding.UTF8.GetBytes(\"hello world\"))))"
        << "2QYrNmdDQ1x1/ubjwUC8Fw7j5QB+Mxtexm6JY5CX0wQ=";
    QTest::newRow("hashes")
        << "@{ var d = Encoding.UTF8.GetBytes(\"hello world\"); "
           "return Convert.ToBase64String(SHA256.Create().ComputeHash(d)) + \" \" + "
           "BitConverter.ToString(new SHA1Managed().ComputeHash(d, 6, 5)) + \" \" + "
           "BitConverter.ToString(MD5.Create().ComputeHash(d)) + \" \" + "
           "Convert.ToBase64String(SHA384.Create().ComputeHash(d)); }"
        << "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek= "
           "7C-21-14-33-F0-20-71-59-77-41-E6-FF-5A-8E-A3-47-89-AB-BF-43 "
           "5E-B6-3B-BB-E0-1E-EE-D0-93-CB-22-BB-8F-5A-CD-C3 "
           "/b2OdaZ/KfcBpOBAOF4uI5hjA+oQI5IRr5B/y7g1eLPkF8txzmRu/QgZ3YwIjeG9";
    QTest::newRow("hash sizes, random keys, Hash after ComputeHash")
        << "@{ var h = new HMACSHA256(); var before = h.Hash == null; "
           "var sum = h.ComputeHash(new byte[0]); "
           "return SHA512.Create().HashSize + \" \" + new HMACSHA384().Key.Length + \" \" + "
           "h.Key.Length + \" \" + before + \" \" + (Convert.ToBase64String(h.Hash) == "
           "Convert.ToBase64String(sum)) + \" \" + (Convert.ToBase64String(h.Key) != "
           "Convert.ToBase64String(new HMACSHA256().Key)); }"
        << "512 128 64 True True True";
    QTest::newRow("hash algorithm by name")
        << "@((HashAlgorithm.Create(\"SHA-256\") != null) + \" \" + "
           "(HashAlgorithm.Create(\"nope\") "
           "== null) + \" \" + HashAlgorithm.Create().HashSize + \" \" + HMAC.Create().HashSize + "
           "\" \" + (HMAC.Create(\"nope\") == null) + \" \" + "
           "HMAC.Create(\"hmacsha512\").HashSize + \" \" + "
           "System.Security.Cryptography.HashAlgorithm.Create(\"HMACSHA256\").HashSize)"
        << "True True 160 160 True 512 256";
    QTest::newRow("encrypt aes and tripledes")
        << "@{ var d = Encoding.UTF8.GetBytes(\"hello world\"); "
           "var iv = Encoding.UTF8.GetBytes(\"fedcba9876543210\"); "
           "return Convert.ToBase64String(d.Encrypt(\"Aes\", "
           "Encoding.UTF8.GetBytes(\"0123456789abcdef0123456789abcdef\"), iv)) + \" \" + "
           "Convert.ToBase64String(d.Encrypt(\"TripleDES\", "
           "Encoding.UTF8.GetBytes(\"0123456789abcdefghijklmn\"), "
           "Encoding.UTF8.GetBytes(\"12345678\"))) + \" \" + "
           "Convert.ToBase64String(new byte[0].Encrypt(\"aesmanaged\", "
           "Encoding.UTF8.GetBytes(\"0123456789abcdef\"), iv)); }"
        << "zcYI6cjzLxFQQXA/uBntGw== fpGUzIJ6Ml25x2WFlxbMlw== PEks7dlUzDg/PT7pPnKEhA==";
    QTest::newRow("decrypt round trip (APIM's own example)")
        << "@{ var key = Convert.FromBase64String(\"MDEyMzQ1Njc4OWFiY2RlZg==\"); "
           "var iv = Encoding.UTF8.GetBytes(\"fedcba9876543210\"); "
           "byte[] encrypted = Encoding.UTF8.GetBytes(\"a secret\").Encrypt(\"Aes\", key, iv); "
           "return Encoding.UTF8.GetString(encrypted.Decrypt(\"Aes\", key, iv)); }"
        << "a secret";
    // System.Net.WebUtility and BitConverter: expected values computed by Mono
    QTest::newRow("html encode")
        << QString::fromUtf8("@(WebUtility.HtmlEncode(\"<a href=\\\"x\\\">'Tom' & Jérôme "
                             "©</a> \xF0\x9F\x98\x80 é\"))")
        << "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; J&#233;r&#244;me &#169;&lt;/a&gt; "
           "&#128512; &#233;";
    QTest::newRow("html decode")
        << "@(System.Net.WebUtility.HtmlDecode(\"&lt;b&gt; &amp;amp; "
           "&eacute;&#233;&#xE9;&#X1F600; &nope; &#55296; &#1114112; &apos; & ; &;x "
           "&AElig;&amp\"))"
        << QString::fromUtf8("<b> &amp; \xC3\xA9\xC3\xA9\xC3\xA9\xF0\x9F\x98\x80 &nope; "
                             "&#55296; &#1114112; ' & ; &;x \xC3\x86&amp");
    QTest::newRow("url encode and decode")
        << QString::fromUtf8("@(WebUtility.UrlEncode(\"a b&c=d/é~'!*()-_.+\") + \" \" + "
                             "WebUtility.UrlDecode(\"a+b%26c%3Dd%2f%C3%A9%zz%4%\") + \" \" + "
                             "(WebUtility.UrlEncode(null) == null))")
        << QString::fromUtf8("a+b%26c%3Dd%2F%C3%A9%7E%27!*()-_.%2B a b&c=d/é%zz%4% True");
    QTest::newRow("url decode replaces ill-formed utf-8")
        << "@(Convert.ToBase64String(Encoding.UTF8.GetBytes(WebUtility.UrlDecode("
           "\"%C3%28x%E2%82\"))))"
        << "77+9KHjvv70=";
    QTest::newRow("bit converter")
        << "@(BitConverter.ToString(new byte[] {0, 10, 255, 16}, 1) + \" \" + "
           "BitConverter.ToString(Convert.FromBase64String(\"AAr/EA==\"), 1, 2) + \"[\" + "
           "BitConverter.ToString(new byte[0]) + \"]\")"
        << "0A-FF-10 0A-FF[]";
    // System.Array
    QTest::newRow("array exists")
        << "@(Array.Exists(\"a,sendEmail\".Split(','), element => element == \"sendEmail\") + "
           "\" \" + Array.IndexOf(new[] {\"a\", \"b\"}, \"b\"))"
        << "True 1";
    QTest::newRow("array find")
        << "@(Array.Find(new[] {\"a\", \"bb\", \"cc\"}, e => e.Length == 2) + \" \" + "
           "Array.FindIndex(new[] {\"a\", \"bb\"}, e => e == \"x\") + \" \" + "
           "Array.TrueForAll(new[] {\"a\", \"b\"}, e => e.Length == 1))"
        << "bb -1 True";
    // LINQ
    QTest::newRow("any all")
        << "@(new[] {1, 2, 3}.Any(x => x > 2) && new[] {1, 2, 3}.All(x => x > 0))"
        << "True";
    QTest::newRow("where select")
        << "@(string.Join(\",\", new[] {1, 2, 3, 4}.Where(x => x % 2 == 0).Select(x => x * 10)))"
        << "20,40";
    QTest::newRow("first last") << "@(new[] {\"a\", \"b\"}.First() + new[] {\"a\", \"b\"}.Last() + "
                                   "new[] {1}.FirstOrDefault(x => x > 5))"
                                << "ab";
    QTest::newRow("single")
        << "@(new[] {1, 2, 3}.Single(x => x == 2) + \" \" + (new[] {1}.SingleOrDefault(x => x > "
           "5) == null) + \" \" + new[] {\"only\"}.Single())"
        << "2 True only";
    QTest::newRow("count contains")
        << "@(new[] {1, 2, 3}.Count(x => x != 2) + \"\" + new[] {\"a\"}.Contains(\"a\"))"
        << "2True";
    QTest::newRow("order by")
        << "@(string.Join(\"\", new[] {\"c\", \"a\", \"b\"}.OrderBy(x => x).ToArray()))"
        << "abc";
    QTest::newRow("to list") << "@(new[] {3, 1}.ToList().OrderBy(x => x).First())"
                             << "1";
    // JSON construction
    QTest::newRow("new jobject") << "@(new JObject(new JProperty(\"a\", 1), new JProperty(\"b\", "
                                    "new JArray(\"x\", true))).ToString(Formatting.None))"
                                 << "{\"a\":1,\"b\":[\"x\",true]}";
    QTest::newRow("jobject parse") << "@(JObject.Parse(\"{\\\"k\\\":[1,2]}\")[\"k\"][1])"
                                   << "2";
    QTest::newRow("property") << "@(JObject.Parse(\"{\\\"k\\\":5}\").Property(\"k\").Name)"
                              << "k";
    // APIM's documented way to drop fields from a body.
    QTest::newRow("property remove")
        << "@{ var o = JObject.Parse(\"{\\\"a\\\":1,\\\"b\\\":2,\\\"c\\\":3}\"); "
           "foreach (var key in new[] {\"a\", \"c\"}) { o.Property(key).Remove(); } "
           "return o.ToString(Formatting.None); }"
        << "{\"b\":2}";
    // Tokens read out of a JObject are its children, as in Newtonsoft: changes reach the parent.
    // A block that starts with b = {"z":{"y":1},"a":[{"q":1},{"q":2}]}.
    auto onDoc = [](const char* statements) {
        return QStringLiteral("@{ var b = JObject.Parse(\"{\\\"z\\\":{\\\"y\\\":1},"
                              "\\\"a\\\":[{\\\"q\\\":1},{\\\"q\\\":2}]}\"); ") +
               QString::fromUtf8(statements);
    };
    QTest::newRow("json keeps property order")
        << "@{ var o = JObject.Parse(\"{\\\"b\\\":1,\\\"a\\\":2}\"); o[\"c\"] = 3; o[\"b\"] = 4; "
           "return o.ToString(Formatting.None); }"
        << R"({"b":4,"a":2,"c":3})";
    QTest::newRow("json nested assignment")
        << onDoc("b[\"z\"][\"y\"] = 2; b[\"z\"][\"x\"] = 3; b[\"a\"][0][\"q\"] = 5; "
                 "return b.ToString(Formatting.None); }")
        << R"({"z":{"y":2,"x":3},"a":[{"q":5},{"q":2}]})";
    QTest::newRow("json foreach changes items")
        << onDoc("foreach (var item in (JArray)b[\"a\"]) { item[\"q\"] = (int)item[\"q\"] * 10; } "
                 "return b.ToString(Formatting.None); }")
        << R"({"z":{"y":1},"a":[{"q":10},{"q":20}]})";
    QTest::newRow("json held child sees changes")
        << onDoc("var z = b[\"z\"]; b[\"z\"][\"y\"] = 5; return z.ToString(Formatting.None); }")
        << R"({"y":5})";
    QTest::newRow("json replaced child is cut off")
        << onDoc("var z = b[\"z\"]; b[\"z\"] = new JObject(); z[\"y\"] = 9; "
                 "return z.ToString(Formatting.None) + b.ToString(Formatting.None); }")
        << R"({"y":9}{"z":{},"a":[{"q":1},{"q":2}]})";
    QTest::newRow("json removed child keeps its value")
        << onDoc("var z = b[\"z\"]; b.Remove(\"z\"); b[\"moved\"] = z; "
                 "return b.ToString(Formatting.None); }")
        << R"({"a":[{"q":1},{"q":2}],"moved":{"y":1}})";
    QTest::newRow("json assigned token is copied")
        << onDoc("b[\"a\"][0] = b[\"a\"][1]; b[\"a\"][1][\"q\"] = 9; "
                 "return b[\"a\"].ToString(Formatting.None); }")
        << R"([{"q":2},{"q":9}])";
    QTest::newRow("json SelectToken result is a child")
        << onDoc("b.SelectToken(\"a[1]\")[\"q\"] = 7; b.SelectToken(\"$.z\")[\"w\"] = true; "
                 "return b.ToString(Formatting.None); }")
        << R"({"z":{"y":1,"w":true},"a":[{"q":1},{"q":7}]})";
    QTest::newRow("json property value is a child")
        << onDoc("b.Property(\"z\").Value[\"y\"] = 8; "
                 "foreach (var p in b.Properties()) { if (p.Name == \"a\") { p.Value[1][\"q\"] = "
                 "6; } } "
                 "return b.ToString(Formatting.None); }")
        << R"({"z":{"y":8},"a":[{"q":1},{"q":6}]})";
    QTest::newRow("json scalar read is a copy")
        << onDoc("var y = b[\"z\"][\"y\"]; b[\"z\"][\"y\"] = 2; return y.ToString(); }") << "1";
    // null-conditional short-circuit
    QTest::newRow("short circuit chain")
        << "@{ JObject o = null; return o?[\"a\"][\"b\"].ToString() ?? \"none\"; }"
        << "none";
    QTest::newRow("string length via ?.")
        << "@(context.Variables.GetValueOrDefault<string>(\"nope\")?.Length ?? -1)"
        << "-1";
    // statements
    QTest::newRow("foreach sum")
        << "@{ var total = 0; foreach (var x in new[] {1, 2, 3}) { total += x; } return total; }"
        << "6";
    QTest::newRow("foreach chars")
        << "@{ var n = 0; foreach (char c in \"a-b-c\") { if (c == '-') { n++; } } return n; }"
        << "2";
    QTest::newRow("foreach json")
        << "@{ var skus = \"\"; foreach (var item in "
           "(JArray)context.Request.Body.As<JObject>(preserveContent: true)[\"order\"][\"items\"]) "
           "{ skus += item[\"sku\"]; } return skus; }"
        << "ab";
    QTest::newRow("else if")
        << "@{ var r = context.Request.Headers.GetValueOrDefault(\"X-Region\", \"\"); if (r == "
           "\"us\") { return \"us-backend\"; } else if (r == \"eu\") { return \"eu-backend\"; } "
           "else { return \"default\"; } }"
        << "eu-backend";
    QTest::newRow("while") << "@{ var i = 0; while (i < 5) { i += 2; } return i; }"
                           << "6";
    QTest::newRow("coalesce assign") << "@{ string s = null; s ?\?= \"x\"; return s; }"
                                     << "x";
    QTest::newRow("is pattern") << "@{ object v = context.Variables[\"name\"]; if (v is string s) "
                                   "{ return s.ToUpper(); } return \"\"; }"
                                << "PORTICO";
    // allowed types named with their namespaces, as the public policy snippets write them
    QTest::newRow("System.StringComparison")
        << "@(\"a\".Equals(\"A\", System.StringComparison.InvariantCultureIgnoreCase))"
        << "True";
    QTest::newRow("System.Uri") << "@(System.Uri.EscapeDataString(\"a b\"))"
                                << "a%20b";
    QTest::newRow("System.Text.Encoding")
        << "@(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(\"hi\")))"
        << "aGk=";
    QTest::newRow("Newtonsoft.Json.Formatting")
        << "@(new JObject(new JProperty(\"a\", 1)).ToString(Newtonsoft.Json.Formatting.None))"
        << "{\"a\":1}";
    QTest::newRow("qualified cast") << "@((System.Int32)(long)5)"
                                    << "5";
}

void TestExpressionEvaluator::evaluatesToExpectedText() {
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const CompileResult compiled = compileExpression(source.toStdString(), {1, 1});
    if (expected.isEmpty()) {
        // Rows with an empty expectation document members that are refused at load time.
        QVERIFY(!compiled.ok());
        return;
    }
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(QString::fromStdString(toDisplayString(result.value)), expected);
}

void TestExpressionEvaluator::reportsDotNetLikeExceptionsWithPosition_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("column");
    QTest::newRow("null reference")
        << "@(context.Variables.GetValueOrDefault<string>(\"x\").Length)"
        << "NullReferenceException"
        << "Object reference not set to an instance of an object." << 52;
    QTest::newRow("format") << "@(1 + int.Parse(\"abc\"))"
                            << "FormatException"
                            << "Input string was not in a correct format." << 11;
    QTest::newRow("overflow") << "@(int.Parse(\"99999999999\"))"
                              << "OverflowException"
                              << "Value was either too large or too small for an Int32." << 7;
    QTest::newRow("divide by zero") << "@(10 / (context.Response.StatusCode - 200))"
                                    << "DivideByZeroException"
                                    << "Attempted to divide by zero." << 6;
    QTest::newRow("missing variable")
        << "@(context.Variables[\"nope\"])"
        << "KeyNotFoundException"
        << "The given key 'nope' was not present in the dictionary." << 20;
    QTest::newRow("substring range")
        << "@(\"abc\".Substring(5))"
        << "ArgumentOutOfRangeException"
        << "Index was out of range. Must be non-negative and less than or equal to the size of the "
           "string. (Parameter 'startIndex')"
        << 9;
    QTest::newRow("invalid cast")
        << "@((int)context.Variables[\"name\"])"
        << "InvalidCastException"
        << "Unable to cast object of type 'string' to type 'System.Int32'." << 3;
    QTest::newRow("remove without parent") << "@(JObject.Parse(\"{\\\"a\\\":{}}\")[\"a\"].Remove())"
                                           << "InvalidOperationException"
                                           << "The parent is missing." << 36;
    QTest::newRow("first of empty") << "@(new[] {1}.Where(x => x > 1).First())"
                                    << "InvalidOperationException"
                                    << "Sequence contains no elements" << 31;
    QTest::newRow("body not json") << "@(context.Request.Headers.GetValueOrDefault(\"x\", "
                                      "\"\").Length + JObject.Parse(\"{\").Count)"
                                   << "JsonReaderException"
                                   << "Error parsing JSON text." << 71;
    QTest::newRow("bad base64")
        << "@(Convert.FromBase64String(\"***\"))"
        << "FormatException"
        << "The input is not a valid Base-64 string as it contains a non-base 64 character, more "
           "than two padding characters, or an illegal character among the padding characters."
        << 11;
    QTest::newRow("bad uri") << "@(new Uri(\"nope\").Host)"
                             << "UriFormatException"
                             << "Invalid URI: The format of the URI could not be determined." << 3;
    QTest::newRow("bad date") << "@(DateTime.Parse(\"yesterday\"))"
                              << "FormatException"
                              << "String 'yesterday' was not recognized as a valid DateTime." << 12;
    QTest::newRow("random negative max")
        << "@(new Random(1).Next(-1))"
        << "ArgumentOutOfRangeException"
        << "'maxValue' must be greater than zero. (Parameter 'maxValue')" << 17;
    QTest::newRow("random min over max")
        << "@(new Random(1).Next(3, 2))"
        << "ArgumentOutOfRangeException"
        << "'minValue' cannot be greater than maxValue. (Parameter 'minValue')" << 17;
    QTest::newRow("array of null") << "@(Array.Exists((string[])null, e => true))"
                                   << "ArgumentNullException"
                                   << "Value cannot be null. (Parameter 'array')" << 9;
    QTest::newRow("regex unknown group name")
        << "@(Regex.IsMatch(\"a\", @\"(?<x>a)\\k<y>\"))"
        << "ArgumentException"
        << "Invalid pattern '(?<x>a)\\k<y>': Reference to undefined group name 'y'." << 9;
    QTest::newRow("negative array length") << "@(new byte[1 - 2])"
                                           << "OverflowException"
                                           << "Arithmetic operation resulted in an overflow." << 3;
    QTest::newRow("byte out of range")
        << "@(new byte[] {1, 256})"
        << "OverflowException"
        << "Value was either too large or too small for an unsigned byte." << 18;
    QTest::newRow("single of many") << "@(new[] {1, 2}.Single())"
                                    << "InvalidOperationException"
                                    << "Sequence contains more than one element" << 16;
    QTest::newRow("single or default of many matches")
        << "@(new[] {1, 2}.SingleOrDefault(x => x > 0))"
        << "InvalidOperationException"
        << "Sequence contains more than one matching element" << 16;
    QTest::newRow("unix seconds out of range")
        << "@(DateTimeOffset.FromUnixTimeSeconds(253402300800))"
        << "ArgumentOutOfRangeException"
        << "Valid values are between -62135596800 and 253402300799, inclusive. (Parameter "
           "'seconds')"
        << 18;
    QTest::newRow("unix milliseconds out of range")
        << "@(DateTimeOffset.FromUnixTimeMilliseconds(-62135596800001))"
        << "ArgumentOutOfRangeException"
        << "Valid values are between -62135596800000 and 253402300799999, inclusive. (Parameter "
           "'milliseconds')"
        << 18;
    QTest::newRow("offset for a utc date time")
        << "@(new DateTimeOffset(DateTime.UtcNow, TimeSpan.FromHours(1)))"
        << "ArgumentException"
        << "The UTC Offset for Utc DateTime instances must be 0. (Parameter 'offset')" << 3;
    QTest::newRow("date time offset past its end")
        << "@(DateTimeOffset.MaxValue.AddSeconds(1))"
        << "ArgumentOutOfRangeException"
        << "The added or subtracted value results in an un-representable DateTime. (Parameter "
           "'value')"
        << 27;
    QTest::newRow("compute hash out of bounds")
        << "@(new HMACSHA256(new byte[1]).ComputeHash(new byte[11], 3, 9))"
        << "ArgumentException"
        << "Offset and length were out of bounds for the array or count is greater than the "
           "number of elements from index to the end of the source collection."
        << 31;
    QTest::newRow("compute hash negative offset")
        << "@(SHA256.Create().ComputeHash(new byte[2], -1, 1))"
        << "ArgumentOutOfRangeException"
        << "Non-negative number required. (Parameter 'offset')" << 19;
    QTest::newRow("hmac of a non-hmac name") << "@(HMAC.Create(\"SHA256\"))"
                                             << "InvalidCastException"
                                             << "Specified cast is not valid." << 8;
    QTest::newRow("decrypt with a wrong key")
        << "@{ var iv = new byte[16]; var c = Encoding.UTF8.GetBytes(\"hello world\").Encrypt("
           "\"Aes\", new byte[16], iv); return c.Decrypt(\"Aes\", new byte[32], iv); }"
        << "CryptographicException"
        << "Padding is invalid and cannot be removed." << 116;
    QTest::newRow("encrypt with a bad key size")
        << "@(new byte[1].Encrypt(\"Aes\", new byte[10], new byte[16]))"
        << "CryptographicException"
        << "Specified key is not a valid size for this algorithm." << 15;
    QTest::newRow("encrypt with a bad iv")
        << "@(new byte[1].Encrypt(\"Aes\", new byte[16], new byte[10]))"
        << "CryptographicException"
        << "Specified initialization vector (IV) does not match the block size for this "
           "algorithm."
        << 15;
    QTest::newRow("tripledes weak key")
        << "@(new byte[1].Encrypt(\"TripleDES\", "
           "Encoding.UTF8.GetBytes(\"0123456701234567abcdefgh\"), new byte[8]))"
        << "CryptographicException"
        << "Specified key is a known weak key for 'TripleDES' and cannot be used." << 15;
    QTest::newRow("decrypt of a truncated block")
        << "@(new byte[15].Decrypt(\"Aes\", new byte[16], new byte[16]))"
        << "CryptographicException"
        << "Length of the data to decrypt is invalid." << 16;
    QTest::newRow("unknown cipher")
        << "@(new byte[1].Encrypt(\"RC2\", new byte[16], new byte[8]))"
        << "CryptographicException"
        << "'RC2' is not a symmetric algorithm this gateway offers (use Aes or TripleDES)." << 15;
    QTest::newRow("bit converter start past the end")
        << "@(BitConverter.ToString(new byte[2], 2))"
        << "ArgumentOutOfRangeException"
        << "Index was out of range. Must be non-negative and less than the size of the "
           "collection. (Parameter 'startIndex')"
        << 16;
    QTest::newRow("matched parameters cannot be enumerated")
        << "@(context.Request.MatchedParameters.Count)"
        << "NotSupportedException"
        << "Enumerating context.Request.MatchedParameters is not supported; read a parameter by "
           "name."
        << 37;
    QTest::newRow("string builder remove past the end")
        << "@(new StringBuilder(\"abc\").Remove(2, 5).ToString())"
        << "ArgumentOutOfRangeException"
        << "Index was out of range. Must be non-negative and less than the size of the "
           "collection. (Parameter 'startIndex')"
        << 28;
    QTest::newRow("substring range that overflows")
        << "@(\"abc\".Substring(1, 9223372036854775807))"
        << "ArgumentOutOfRangeException"
        << "Index and length must refer to a location within the string. (Parameter 'length')" << 9;
    QTest::newRow("string builder range that overflows")
        << "@(new StringBuilder(\"abc\").ToString(1, 9223372036854775807))"
        << "ArgumentOutOfRangeException"
        << "Index and length must refer to a location within the string. (Parameter 'length')"
        << 28;
    QTest::newRow("bad regex") << "@(Regex.IsMatch(\"a\", \"(\"))"
                               << "ArgumentException"
                               << "" << 9;
}

void TestExpressionEvaluator::reportsDotNetLikeExceptionsWithPosition() {
    QFETCH(QString, source);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(int, column);
    const CompileResult compiled = compileExpression(source.toStdString(), {4, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY(!result.ok());
    QCOMPARE(QString::fromStdString(result.error->type), type);
    if (!message.isEmpty())
        QCOMPARE(QString::fromStdString(result.error->message), message);
    QCOMPARE(result.error->where.line, 4);
    QCOMPARE(result.error->where.column, column);
    QVERIFY(!result.error->budgetExceeded);
}

// An OAuth callback's form post, read as Microsoft's oauth-proxy sample reads it.
// A service URL with a port, path and query reads as APIM's IUrl does.
void TestExpressionEvaluator::readsTheServiceUrlParts() {
    const CompileResult compiled =
        compileExpression("@{ var u = context.Api.ServiceUrl; return u.Host + \"|\" + u.Port + "
                          "\"|\" + u.Path + \"|\" +"
                          " u.Query[\"v\"][1] + \"|\" + u; }",
                          {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    context.apiInfo.serviceUrl = "HTTP://[::1]:8080/api/v1?v=1&v=2#top";
    EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(QString::fromStdString(toDisplayString(result.value)),
             QStringLiteral("[::1]|8080|/api/v1|2|http://[::1]:8080/api/v1?v=1&v=2"));
    context.apiInfo.serviceUrl = "";
    const CompileResult isNull = compileExpression("@(context.Api.ServiceUrl == null)", {1, 1});
    QVERIFY(isNull.ok());
    result = isNull.expression->evaluate(context);
    QVERIFY(result.ok());
    QCOMPARE(QString::fromStdString(toDisplayString(result.value)), QStringLiteral("True"));
}

// A Url kept past its request (a variable, cache-store-value) holds its own copy of the URL.
void TestExpressionEvaluator::keepsUrlsValidAfterTheirContext() {
    const CompileResult compiled = compileExpression("@(context.Request.Url)", {1, 1});
    QVERIFY(compiled.ok());
    Value kept;
    {
        test::MemoryContext context = makeContext();
        const EvaluationResult result = compiled.expression->evaluate(context);
        QVERIFY(result.ok());
        kept = result.value;
    }
    QCOMPARE(QString::fromStdString(toDisplayString(kept)),
             QStringLiteral("https://api.example.test/orders/42?page=2&tag=a&tag=b"));
    const CompileResult same =
        compileExpression("@(context.Request.Url == context.Request.Url)", {1, 1});
    QVERIFY(same.ok());
    test::MemoryContext context = makeContext();
    QCOMPARE(QString::fromStdString(toDisplayString(same.expression->evaluate(context).value)),
             QStringLiteral("True"));
}

// A header may carry any byte. JSON built from one serialises with U+FFFD, as .NET's string
// would hold, instead of throwing out of the evaluation; Encoding decodes the same way.
void TestExpressionEvaluator::serialisesTextThatIsNotUtf8() {
    const CompileResult compiled = compileExpression(
        "@{ var raw = context.Request.Headers.GetValueOrDefault(\"X-Raw\", \"\"); "
        "return new JObject(new JProperty(\"ua\", raw)).ToString(Formatting.None) + \" \" + "
        "Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(raw)) + \" \" + "
        "Encoding.ASCII.GetString(Encoding.UTF8.GetBytes(raw + \"\u00e9\")); }",
        {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    context.requestHeaders.push_back({"X-Raw", "\xFF"
                                               "a"});
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(QByteArray::fromStdString(toDisplayString(result.value)),
             QByteArray("{\"ua\":\"\xEF\xBF\xBD"
                        "a\"} \xEF\xBF\xBD"
                        "a ?a?"));
}

void TestExpressionEvaluator::readsFormPostsAsDictionaries() {
    const CompileResult compiled = compileExpression(
        "@{ var form = context.Request.Body.AsFormUrlEncodedContent(preserveContent: true);\n"
        "   return form[\"code\"].Single() + \"|\" + string.Join(\",\", form[\"state\"]) + \"|\" "
        "+\n"
        "          form[\"empty\"].Single().Length + \"|\" + form.ContainsKey(\"flag\") + \"|\" +\n"
        "          form.ContainsKey(\"Code\") + \"|\" + form.GetValueOrDefault(\"x y\", \"-\") + "
        "\"|\" +\n"
        "          context.Request.Body.AsFormUrlEncodedContent()[\"code\"].Count; }",
        {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    context.requestBody = "code=abc%20d%2B&state=x+y&state=z&&empty=&flag&x+y=%C3%A9";
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(QString::fromStdString(toDisplayString(result.value)),
             QString::fromUtf8("abc d+|x y,z|0|True|False|\xC3\xA9|1"));
}

void TestExpressionEvaluator::mutatesJsonBodiesInBlocks() {
    const CompileResult compiled =
        compileExpression("@{ var body = context.Request.Body.As<JObject>(preserveContent: true);\n"
                          "   body[\"note\"] = \"changed\"; body.Remove(\"vip\"); body.Add(\"by\", "
                          "context.User.Id);\n"
                          "   body[\"count\"] = ((JArray)body[\"order\"][\"items\"]).Count;\n"
                          "   return body.ToString(Formatting.None); }",
                          {1, 1});
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().message.c_str());
    test::MemoryContext context = makeContext();
    const EvaluationResult result = compiled.expression->evaluate(context);
    QVERIFY2(result.ok(), result.error ? result.error->toString().c_str() : "");
    QCOMPARE(
        QString::fromStdString(toDisplayString(result.value)),
        QStringLiteral(
            R"({"order":{"id":42,"items":[{"sku":"a","qty":2},{"sku":"b","qty":5}]},"note":"changed","by":"u1","count":2})"));
}

void TestExpressionEvaluator::writesTraceEntries() {
    const CompileResult compiled = compileExpression(
        "@{ context.Trace(\"routing to \" + context.Deployment.Region); return true; }", {1, 1});
    QVERIFY(compiled.ok());
    test::MemoryContext context = makeContext();
    QVERIFY(compiled.expression->evaluate(context).ok());
    QCOMPARE(context.traces.size(), std::size_t(1));
    QCOMPARE(context.traces.front(), std::string("expression: routing to West Europe"));
}

void TestExpressionEvaluator::keepsResultTypesForTheCaller() {
    QCOMPARE(compileExpression("@(context.Request.Method == \"GET\")", {}).expression->resultType(),
             Ty::Bool);
    QCOMPARE(compileExpression("@(context.Request.Headers.GetValueOrDefault(\"a\", \"\"))", {})
                 .expression->resultType(),
             Ty::String);
    QCOMPARE(compileExpression("@{ return 1; }", {}).expression->resultType(), Ty::Int);
    QVERIFY(compileExpression("@{ return 1; }", {}).expression->isBlock());
}

void TestExpressionEvaluator::evaluatesConcurrentlyFromOneCompiledExpression() {
    const CompileResult compiled = compileExpression(
        "@(string.Join(\",\", new[] {1, 2, 3}.Select(x => x * (int)context.Variables[\"count\"])))",
        {});
    QVERIFY(compiled.ok());
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            test::MemoryContext context = makeContext();
            for (int i = 0; i < 500; ++i) {
                const EvaluationResult r = compiled.expression->evaluate(context);
                if (r.ok() && toDisplayString(r.value) == "3,6,9")
                    ++good;
            }
        });
    for (auto& t : threads)
        t.join();
    QCOMPARE(good.load(), 2000);
}

QTEST_GUILESS_MAIN(TestExpressionEvaluator)
#include "test_expression_evaluator.moc"
