#include "policy_test_support.h"

#include "core/policies/liquid_template.h"

#include <QtTest>

using namespace portico::policies;
using namespace portico::policy::test;
using json = portico::text::OrderedJson;

namespace {

// Paths resolve into one JSON document, as if `body` and `context` were its members.
std::string render(const std::string& text, const json& data) {
    auto parsed = LiquidTemplate::parse(text);
    if (const auto* error = std::get_if<LiquidTemplate::Error>(&parsed))
        return "error " + std::to_string(error->line) + ": " + error->message;
    const LiquidTemplate::Resolver resolve = [&](const std::vector<json>& path) {
        json current = data;
        for (const auto& key : path) {
            if (key.is_string() && current.is_object() && current.contains(key.get<std::string>()))
                current = current[key.get<std::string>()];
            else if (key.is_number_integer() && current.is_array() &&
                     key.get<std::size_t>() < current.size())
                current = current[key.get<std::size_t>()];
            else
                return json();
        }
        return current;
    };
    return std::get<LiquidTemplate>(parsed).render(resolve);
}

const json kData = json::parse(R"x({
  "body": {"name": "Ada", "city": "", "tags": ["a", "b", "c"], "total": 7, "price": 2.5,
           "items": [{"sku": "x1", "qty": 2}, {"sku": "y2", "qty": 0}], "vip": true,
           "id": "o-1"},
  "context": {"Request": {"Method": "POST", "Headers": {"X-Id": "42"}}}
})x");

} // namespace

class TestLiquidTemplate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersApimsLiquidSubset_data();
    void rendersApimsLiquidSubset();
    void reportsMalformedTemplatesWithTheirLine_data();
    void reportsMalformedTemplatesWithTheirLine();
    void boundsRunawayLoopsAndOutput();
};

void TestLiquidTemplate::rendersApimsLiquidSubset_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("output") << "Hi {{body.name}}!"_q
                            << "Hi Ada!"_q;
    QTest::newRow("spaces and missing") << "[{{ body.nope }}]"_q
                                        << "[]"_q;
    QTest::newRow("bracket keys") << R"x({{context.Request.Headers["X-Id"]}})x"_q
                                  << "42"_q;
    QTest::newRow("index") << "{{body.tags[1]}}{{body.items[0].sku}}"_q
                           << "bx1"_q;
    QTest::newRow("Default on empty") << R"x({{body.city | Default: "Paris"}})x"_q
                                      << "Paris"_q;
    QTest::newRow("default snake case") << R"x({{body.none | default: 'n/a'}})x"_q
                                        << "n/a"_q;
    QTest::newRow("Upcase Downcase") << "{{body.name | Upcase}}{{body.name | Downcase}}"_q
                                     << "ADAada"_q;
    QTest::newRow("Size") << "{{body.tags | Size}} {{body.name | Size}} {{body.tags.size}}"_q
                          << "3 3 3"_q;
    QTest::newRow("Join") << R"x({{body.tags | Join: ", "}})x"_q
                          << "a, b, c"_q;
    QTest::newRow("Append Prepend") << R"x({{body.name | Append: "!" | Prepend: "<"}})x"_q
                                    << "<Ada!"_q;
    QTest::newRow("Replace Remove") << R"x({{"a-b-c" | Replace: "-", "+" | Remove: "c"}})x"_q
                                    << "a+b+"_q;
    QTest::newRow("Split First Last") << R"x({{"x,y,z" | Split: "," | Last}})x"_q
                                      << "z"_q;
    QTest::newRow("math") << "{{body.total | Plus: 3 | Times: 2 | Minus: 1 | DividedBy: 4}}"_q
                          << "4"_q;
    QTest::newRow("float math") << "{{body.price | Times: 2}}"_q
                                << "5.0"_q;
    QTest::newRow("Truncate") << R"x({{"abcdefgh" | Truncate: 5}})x"_q
                              << "ab..."_q;
    QTest::newRow("Escape") << R"x({{"<a&b>" | Escape}})x"_q
                            << "&lt;a&amp;b&gt;"_q;
    QTest::newRow("UrlEncode") << R"x({{"a b/c" | UrlEncode}})x"_q
                               << "a+b%2Fc"_q;
    QTest::newRow("Capitalize Strip") << R"x({{"  ada " | Strip | Capitalize}})x"_q
                                      << "Ada"_q;
    QTest::newRow("if else") << "{% if body.vip %}gold{% else %}std{% endif %}"_q
                             << "gold"_q;
    QTest::newRow("elsif comparison")
        << "{% if body.total > 10 %}big{% elsif body.total >= 7 %}mid{% else %}small{% endif %}"_q
        << "mid"_q;
    QTest::newRow("string equality and or")
        << R"x({% if body.name == "Bob" or body.name == "Ada" and body.vip %}yes{% endif %})x"_q
        << "yes"_q;
    QTest::newRow("contains") << R"x({% if body.tags contains "b" %}has b{% endif %})x"_q
                              << "has b"_q;
    QTest::newRow("unless") << "{% unless body.vip %}no{% else %}vip{% endunless %}"_q
                            << "vip"_q;
    QTest::newRow("empty") << "{% if body.city == empty %}none{% endif %}"_q
                           << "none"_q;
    QTest::newRow("for with forloop")
        << "{% for t in body.tags %}{{forloop.index}}{{t}}{% unless forloop.last %},{% endunless %}{% endfor %}"_q
        << "1a,2b,3c"_q;
    QTest::newRow("for over objects")
        << R"x([{% for i in body.items %}{"s":"{{i.sku}}","q":{{i.qty}}}{% if forloop.last == false %},{% endif %}{% endfor %}])x"_q
        << R"x([{"s":"x1","q":2},{"s":"y2","q":0}])x"_q;
    QTest::newRow("for limit offset else")
        << "{% for t in body.tags limit: 1 offset: 1 %}{{t}}{% endfor %}{% for n in body.none %}x{% else %}empty{% endfor %}"_q
        << "bempty"_q;
    QTest::newRow("assign") << R"x({% assign who = body.name | Upcase %}{{who}}-{{who | Size}})x"_q
                            << "ADA-3"_q;
    QTest::newRow("comment and raw")
        << "a{% comment %}{{body.name}}{% endcomment %}b{% raw %}{{x}}{% endraw %}"_q
        << "ab{{x}}"_q;
    QTest::newRow("whitespace control") << "x  {{- body.name -}}  y"_q
                                        << "xAday"_q;
    QTest::newRow("booleans and numbers") << "{{body.vip}} {{body.total}} {{body.price}}"_q
                                          << "true 7 2.5"_q;
    QTest::newRow("lone braces stay text") << "{ \"a\": {\"b\": 1} }"_q
                                           << "{ \"a\": {\"b\": 1} }"_q;
    QTest::newRow("dynamic key") << R"x({% assign k = "sku" %}{{body.items[1][k]}})x"_q
                                 << "y2"_q;
}

void TestLiquidTemplate::rendersApimsLiquidSubset() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(render(text.toStdString(), kData)), expected);
}

void TestLiquidTemplate::reportsMalformedTemplatesWithTheirLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unclosed output") << "a\n{{ body.x"_q
                                     << "error 2: '{{' is not closed with '}}'"_q;
    QTest::newRow("missing endif") << "x\n{% if body.x %}\nyes"_q
                                   << "error 2: {% endif %} is missing"_q;
    QTest::newRow("unknown tag") << "\n\n{% include 'x' %}"_q
                                 << "error 3: unknown or misplaced tag {% include %}"_q;
    QTest::newRow("stray endfor") << "{% endfor %}"_q
                                  << "error 1: unknown or misplaced tag {% endfor %}"_q;
    QTest::newRow("bad for") << "{% for x body.items %}{% endfor %}"_q
                             << "error 1: expected {% for name in collection %}"_q;
    QTest::newRow("unclosed string") << R"x({{ "abc }})x"_q
                                     << "error 1: a string is not closed"_q;
    QTest::newRow("missing raw end") << "{% raw %}abc"_q
                                     << "error 1: {% raw %} has no {% endraw %}"_q;
}

void TestLiquidTemplate::reportsMalformedTemplatesWithTheirLine() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(render(text.toStdString(), kData)), expected);
}

void TestLiquidTemplate::boundsRunawayLoopsAndOutput() {
    auto parsed = LiquidTemplate::parse(
        "{% for a in body.tags %}{% for b in body.tags %}{% for c in body.tags %}xxxxxxxxxx"
        "{% endfor %}{% endfor %}{% endfor %}");
    const auto& t = std::get<LiquidTemplate>(parsed);
    const LiquidTemplate::Resolver resolve = [](const std::vector<json>&) {
        return json::array({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    };
    QCOMPARE(t.render(resolve).size(), std::size_t(10'000));
    QVERIFY(t.render(resolve, 16u << 20, 50).size() < 10'000);
    QCOMPARE(t.render(resolve, 100).size(), std::size_t(100));
}

QTEST_GUILESS_MAIN(TestLiquidTemplate)
#include "test_liquid_template.moc"
